// The official submodules (ConvBNReLU, PatchEmbed, MHCA, Mlp, E_MHSA) emitted as ONNX
// nodes. Node and value names are the PyTorch module paths; weights are initializers named
// by their state-dict keys, so taps, gradients and folding can find everything by name.
import { GraphBuilder } from "../onnx/builder";
import { type Tensor, attr, float32 } from "../onnx/ir";
import type { StateDict } from "../checkpoint/types";
import { windowOut } from "../onnx/ops/types";
import { patchEmbedHasConv } from "./spec";

export interface Act {
  value: string;
  c: number;
  h: number;
  w: number;
}

export class NextViTEmitter {
  constructor(
    readonly g: GraphBuilder,
    private readonly sd: StateDict,
    private readonly eps: number,
    private readonly headDim: number,
  ) {}

  weight(key: string): string {
    if (this.g.has(key)) return key;
    const t: Tensor | undefined = this.sd.get(key);
    if (!t) throw new Error(`state dict has no tensor "${key}"`);
    return this.g.initializer(key, t);
  }

  conv(x: Act, p: string, outCh: number, k: number, opts: { stride?: number; groups?: number; bias?: boolean } = {}): Act {
    const stride = opts.stride ?? 1;
    const pad = (k - 1) >> 1;
    const inputs = [x.value, this.weight(`${p}.weight`)];
    if (opts.bias) inputs.push(this.weight(`${p}.bias`));
    const value = this.g.op("Conv", inputs, {
      kernel_shape: attr.ints([k, k]), strides: attr.ints([stride, stride]), pads: attr.ints([pad, pad, pad, pad]), group: attr.int(opts.groups ?? 1),
    }, p);
    const out = (s: number) => windowOut(s, k, stride, pad, pad, 1, false);
    return { value, c: outCh, h: out(x.h), w: out(x.w) };
  }

  bn(x: Act, p: string): Act {
    const inputs = [x.value, ...["weight", "bias", "running_mean", "running_var"].map((s) => this.weight(`${p}.${s}`))];
    return { ...x, value: this.g.op("BatchNormalization", inputs, { epsilon: attr.float(this.eps) }, p) };
  }

  relu(x: Act, name: string): Act {
    return { ...x, value: this.g.op("Relu", [x.value], {}, name) };
  }

  add(a: Act, b: Act, name: string): Act {
    return { ...a, value: this.g.op("Add", [a.value, b.value], {}, name) };
  }

  convBnRelu(x: Act, p: string, outCh: number, stride: number, name = `${p}.act`): Act {
    return this.relu(this.bn(this.conv(x, `${p}.conv`, outCh, 3, { stride }), `${p}.norm`), name);
  }

  patchEmbed(x: Act, p: string, outCh: number, stride: number): Act {
    if (!patchEmbedHasConv(x.c, outCh, stride)) return x;
    if (stride === 2) {
      const value = this.g.op("AveragePool", [x.value], {
        kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]), ceil_mode: attr.int(1), count_include_pad: attr.int(0),
      }, `${p}.avgpool`);
      x = { value, c: x.c, h: Math.ceil(x.h / 2), w: Math.ceil(x.w / 2) };
    }
    return this.bn(this.conv(x, `${p}.conv`, outCh, 1), `${p}.norm`);
  }

  mhca(x: Act, p: string): Act {
    const y = this.conv(x, `${p}.group_conv3x3`, x.c, 3, { groups: x.c / this.headDim });
    return this.conv(this.relu(this.bn(y, `${p}.norm`), `${p}.act`), `${p}.projection`, x.c, 1);
  }

  mlp(x: Act, p: string, hidden: number): Act {
    const h = this.relu(this.conv(x, `${p}.conv1`, hidden, 1, { bias: true }), `${p}.act`);
    return this.conv(h, `${p}.conv2`, x.c, 1, { bias: true });
  }

  private reshape(value: string, dims: number[], name: string): string {
    return this.g.op("Reshape", [value, this.g.ints(`${name}.shape`, dims)], {}, name);
  }

  private transpose(value: string, perm: number[], name: string): string {
    return this.g.op("Transpose", [value], { perm: attr.ints(perm) }, name);
  }

  private linear(tokens: string, p: string): string {
    return this.g.op("Gemm", [tokens, this.weight(`${p}.weight`), this.weight(`${p}.bias`)], { transB: attr.int(1) }, p);
  }

  /**
   * E_MHSA on the (normalised) NCHW map `x`; returns its output reshaped back to NCHW
   * (value `${p}`), before the block's residual add. Batch is 1, so tokens are 2-D [N, C]
   * in raster order (h·W + w), as `rearrange(b c h w -> b (h w) c)` orders them.
   */
  eMhsa(x: Act, p: string, sr: number): Act {
    const { c, h, w } = x;
    const n = h * w;
    const heads = c / this.headDim;
    const d = this.headDim;
    const tokens = this.transpose(this.reshape(x.value, [c, n], `${p}.flat`), [1, 0], `${p}.tokens`);
    let kv = tokens;
    let nkv = n;
    if (sr > 1) {
      // AvgPool1d(kernel = stride = sr²) over the raster token sequence (floor: the tail drops).
      const k = sr * sr;
      nkv = Math.floor(n / k);
      if (nkv < 1) throw new Error(`${p}: ${h}×${w} = ${n} tokens are fewer than the sr² = ${k} pooling window; use a larger input`);
      const seq = this.reshape(x.value, [1, c, n], `${p}.seq`);
      const pooled = this.g.op("AveragePool", [seq], { kernel_shape: attr.ints([k]), strides: attr.ints([k]) }, `${p}.sr`);
      const normed = this.bn({ value: pooled, c, h: 1, w: nkv }, `${p}.norm`).value;
      kv = this.transpose(this.reshape(normed, [c, nkv], `${p}.sr_flat`), [1, 0], `${p}.sr_tokens`);
    }
    const heads3 = (v: string, len: number, perm: number[], name: string) =>
      this.transpose(this.reshape(v, [len, heads, d], `${name}.split`), perm, `${name}.heads`);
    const q = heads3(this.linear(tokens, `${p}.q`), n, [1, 0, 2], `${p}.q`); // [h, N, d]
    const kT = heads3(this.linear(kv, `${p}.k`), nkv, [1, 2, 0], `${p}.k`); // [h, d, N']
    const v = heads3(this.linear(kv, `${p}.v`), nkv, [1, 0, 2], `${p}.v`); // [h, N', d]
    const scale = this.g.initializer(`${p}.scale`, float32([], [d ** -0.5]));
    const logits = this.g.op("Mul", [this.g.op("MatMul", [q, kT], {}, `${p}.qk`), scale], {}, `${p}.qk_scaled`);
    const attn = this.g.op("Softmax", [logits], { axis: attr.int(-1) }, `${p}.attn`);
    const ctx = this.transpose(this.g.op("MatMul", [attn, v], {}, `${p}.attn_v`), [1, 0, 2], `${p}.merge`); // [N, h, d]
    const proj = this.linear(this.reshape(ctx, [n, c], `${p}.merged`), `${p}.proj`);
    const nchw = this.reshape(this.transpose(proj, [1, 0], `${p}.proj_t`), [1, c, h, w], p);
    return { value: nchw, c, h, w };
  }
}

"""LeViT in PyTorch, built from the lab's plan (`npm run lab -- plan --arch levit-128s --size N`): the config and the
flat block list `levitBlocks` of lib/levit/config.ts (kind, widths, heads, token grid in and out), so the trainer
and the TypeScript compiler build one network. Module names are the official state-dict keys
(facebookresearch/LeViT levit.py: `patch_embed.{0,2,4,6}`, `blocks.N.m.qkv.c`, `blocks.N.attention_biases`,
`head.l`, `head_dist.l`, ...), the layout `levitParamSpec` expects. Our own code, written from the paper (Graham et
al. 2021) and the lab's plan; initialisation as the official code's.

Heads: the classifier `head` and the distillation head `head_dist`. In eval the output is their average (as the
official model, and the lab's graph folds them into one); in training both logits are returned, a tuple, and the
trainer averages the two cross-entropies on the labels (no teacher).

Taps (the names of tests/fixtures/levit128s-mini): `patch_embed` (NCHW, the stem's output) and `blocks.N` (tokens
[B, N, C], each entry of the official `blocks` Sequential). The attention-bias tables are built for the plan's
`imgSize`: other input sizes are refused, as in the official model and the lab's builder.
"""
import torch
import torch.nn as nn


def bias_index(res, res_q, stride):
    """[Nq, Nk] index into a [heads, res^2] bias table: |dy| * res + |dx| between the query (on the subsampled grid,
    positions * stride) and the key. This is the official numbering (offsets in order of first appearance: the
    first query, at (0, 0), meets every offset in raster order); lib/levit/bias.ts computes the same."""
    q = torch.arange(res_q) * stride
    k = torch.arange(res)
    dy = (q[:, None, None, None] - k[None, None, :, None]).abs()
    dx = (q[None, :, None, None] - k[None, None, None, :]).abs()
    return (dy * res + dx).reshape(res_q * res_q, res * res)


class LinearBN(nn.Sequential):
    """Official Linear_BN: a bias-free linear, then BatchNorm1d over every token of the batch."""

    def __init__(self, a, b, bn_weight_init=1.0):
        super().__init__()
        self.c = nn.Linear(a, b, bias=False)
        self.bn = nn.BatchNorm1d(b)
        nn.init.constant_(self.bn.weight, bn_weight_init)
        nn.init.zeros_(self.bn.bias)

    def forward(self, x):  # [B, N, a] -> [B, N, b]
        y = self.c(x)
        return self.bn(y.flatten(0, 1)).reshape(y.shape)


class ConvBN(nn.Sequential):
    """Official Conv2d_BN for the stem: 3x3 stride-2 convolution without bias, then BatchNorm2d."""

    def __init__(self, a, b):
        super().__init__()
        self.c = nn.Conv2d(a, b, 3, 2, 1, bias=False)
        self.bn = nn.BatchNorm2d(b)


class Residual(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, x):
        return x + self.m(x)


def attend(q, k, v, biases, idx, scale):
    """softmax(q k^T * scale + bias) v over heads; q/k/v [B, heads, N, d] -> [B, Nq, heads * dv]."""
    attn = (q @ k.transpose(-2, -1)) * scale + biases[:, idx]
    y = attn.softmax(-1) @ v
    return y.transpose(1, 2).reshape(q.shape[0], q.shape[2], -1)


class Attention(nn.Module):
    """Multi-head self-attention with a learned bias per head and offset; q, k, v interleaved per head in qkv."""

    def __init__(self, b, key_dim, attn_ratio):
        super().__init__()
        self.h, self.kd, self.dv, self.scale = b["heads"], key_dim, attn_ratio * key_dim, key_dim ** -0.5
        self.qkv = LinearBN(b["dim"], self.h * (2 * key_dim + self.dv))
        self.proj = nn.Sequential(nn.Hardswish(), LinearBN(self.h * self.dv, b["dim"], bn_weight_init=0.0))
        self.attention_biases = nn.Parameter(torch.zeros(self.h, b["res"] ** 2))
        # Derived from the resolution: not saved (the lab drops the official buffer too).
        self.register_buffer("attention_bias_idxs", bias_index(b["res"], b["res"], 1), persistent=False)

    def forward(self, x):
        bsz, n, _ = x.shape
        q, k, v = self.qkv(x).reshape(bsz, n, self.h, -1).split([self.kd, self.kd, self.dv], 3)
        y = attend(q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2), self.attention_biases,
                   self.attention_bias_idxs, self.scale)
        return self.proj(y)


class Subsample(nn.Module):
    """Every second token of the grid in both directions (x[:, ::2, ::2] on the token grid)."""

    def __init__(self, res, stride):
        super().__init__()
        self.res, self.stride = res, stride

    def forward(self, x):
        b, _, c = x.shape
        return x.reshape(b, self.res, self.res, c)[:, ::self.stride, ::self.stride].reshape(b, -1, c)


class AttentionSubsample(nn.Module):
    """The shrink attention between stages: queries from the subsampled grid, keys and values from all tokens,
    width dim -> outDim (no residual)."""

    def __init__(self, b, key_dim, attn_ratio):
        super().__init__()
        self.h, self.kd, self.dv, self.scale = b["heads"], key_dim, attn_ratio * key_dim, key_dim ** -0.5
        stride = 2
        assert (b["res"] - 1) // stride + 1 == b["outRes"], "plan: subsample grid"
        self.kv = LinearBN(b["dim"], self.h * (key_dim + self.dv))
        self.q = nn.Sequential(Subsample(b["res"], stride), LinearBN(b["dim"], self.h * key_dim))
        self.proj = nn.Sequential(nn.Hardswish(), LinearBN(self.h * self.dv, b["outDim"]))
        self.attention_biases = nn.Parameter(torch.zeros(self.h, b["res"] ** 2))
        self.register_buffer("attention_bias_idxs", bias_index(b["res"], b["outRes"], stride), persistent=False)

    def forward(self, x):
        bsz, n, _ = x.shape
        k, v = self.kv(x).reshape(bsz, n, self.h, -1).split([self.kd, self.dv], 3)
        q = self.q(x)
        q = q.reshape(bsz, q.shape[1], self.h, self.kd)
        y = attend(q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2), self.attention_biases,
                   self.attention_bias_idxs, self.scale)
        return self.proj(y)


def mlp(dim, ratio):
    """Official MLP block body: Linear_BN, Hardswish, Linear_BN (its BN starting at zero: the residual starts as
    the identity)."""
    h = dim * ratio
    return nn.Sequential(LinearBN(dim, h), nn.Hardswish(), LinearBN(h, dim, bn_weight_init=0.0))


class BNLinear(nn.Sequential):
    """Official BN_Linear classifier: BatchNorm1d over pooled features, then a linear (trunc-normal .02 init)."""

    def __init__(self, a, b):
        super().__init__()
        self.bn = nn.BatchNorm1d(a)
        self.l = nn.Linear(a, b)  # noqa: E741 (the official key)
        nn.init.trunc_normal_(self.l.weight, std=0.02)
        nn.init.zeros_(self.l.bias)


class LeViT(nn.Module):
    def __init__(self, plan):
        super().__init__()
        ch = [3] + plan["stemChannels"]
        stem = []
        for i in range(4):
            stem.append(ConvBN(ch[i], ch[i + 1]))
            if i < 3:
                stem.append(nn.Hardswish())
        self.patch_embed = nn.Sequential(*stem)  # keys patch_embed.0/.2/.4/.6
        self.res, self.img_size = plan["blocks"][0]["res"], plan["imgSize"]
        kd = plan["keyDim"]
        blocks = []
        for b in plan["blocks"]:
            assert b["index"] == len(blocks), "plan blocks out of order"
            if b["kind"] == "Attention":
                blocks.append(Residual(Attention(b, kd, plan["attnRatio"])))
            elif b["kind"] == "AttentionSubsample":
                blocks.append(AttentionSubsample(b, kd, plan["downAttnRatio"]))
            else:
                blocks.append(Residual(mlp(b["dim"], plan["mlpRatio"])))
        self.blocks = nn.Sequential(*blocks)
        c, n = plan["embedDims"][-1], plan["numClasses"]
        self.head = BNLinear(c, n)
        self.distillation = plan["distillation"]
        if self.distillation:
            self.head_dist = BNLinear(c, n)

    def forward(self, x, taps=None):
        x = self.patch_embed(x)
        if tuple(x.shape[2:]) != (self.res, self.res):
            raise ValueError(f"LeViT: built for {self.img_size} px input ({self.res}x{self.res} tokens), got "
                             f"{tuple(x.shape[2:])} tokens; the attention biases follow the plan's imgSize")
        if taps is not None:
            taps["patch_embed"] = x
        x = x.flatten(2).transpose(1, 2)
        for i, blk in enumerate(self.blocks):
            x = blk(x)
            if taps is not None:
                taps[f"blocks.{i}"] = x
        x = x.mean(1)
        if not self.distillation:
            return self.head(x)
        a, b = self.head(x), self.head_dist(x)
        return (a, b) if self.training else (a + b) / 2

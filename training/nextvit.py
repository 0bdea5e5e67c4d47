"""Next-ViT in PyTorch, built from the lab's block plan (`npm run lab -- plan`), so the trainer, the
bench peer and the TypeScript compiler share one architecture. Module names are the official
state-dict keys (bytedance/Next-ViT classification/nextvit.py), so a trained file loads in the lab
with no mapping. Our own code, written from the paper and the lab's plan.

Plan JSON: the lab's NextViTConfig fields (stemChs, headDim, bnEps, numClasses, ...) plus
`blocks`, the output of planNextViT (kind, inCh, outCh, stride, srRatio, mhsaCh, mhcaCh, mlpHidden).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvBNReLU(nn.Module):
    def __init__(self, cin, cout, stride, eps):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.norm = nn.BatchNorm2d(cout, eps=eps)

    def forward(self, x):
        return F.relu(self.norm(self.conv(x)))


class PatchEmbed(nn.Module):
    """Official PatchEmbed: stride 2 -> AvgPool2d(2, ceil_mode, count_include_pad=False) + 1x1 conv + BN;
    stride 1 with a width change -> 1x1 conv + BN; otherwise identity (see `patch_embed`)."""

    def __init__(self, cin, cout, stride, eps):
        super().__init__()
        self.stride = stride
        self.conv = nn.Conv2d(cin, cout, 1, bias=False)
        self.norm = nn.BatchNorm2d(cout, eps=eps)

    def forward(self, x):
        if self.stride == 2:
            x = F.avg_pool2d(x, 2, 2, ceil_mode=True, count_include_pad=False)
        return self.norm(self.conv(x))


def patch_embed(cin, cout, stride, eps):
    return PatchEmbed(cin, cout, stride, eps) if stride == 2 or cin != cout else nn.Identity()


class MHCA(nn.Module):
    """Multi-head convolutional attention: grouped 3x3 conv (one group per head) + BN + ReLU + 1x1."""

    def __init__(self, c, head_dim, eps):
        super().__init__()
        self.group_conv3x3 = nn.Conv2d(c, c, 3, 1, 1, groups=c // head_dim, bias=False)
        self.norm = nn.BatchNorm2d(c, eps=eps)
        self.projection = nn.Conv2d(c, c, 1, bias=False)

    def forward(self, x):
        return self.projection(F.relu(self.norm(self.group_conv3x3(x))))


class Mlp(nn.Module):
    def __init__(self, c, hidden):
        super().__init__()
        self.conv1 = nn.Conv2d(c, hidden, 1)
        self.conv2 = nn.Conv2d(hidden, c, 1)

    def forward(self, x):
        return self.conv2(F.relu(self.conv1(x)))


class EMHSA(nn.Module):
    """Efficient MHSA: keys/values from tokens average-pooled by sr^2 in raster order, then
    BatchNorm1d over the channel axis of the transposed tokens, as the official code does."""

    def __init__(self, c, head_dim, sr, eps):
        super().__init__()
        self.heads, self.d, self.sr = c // head_dim, head_dim, sr
        self.q, self.k, self.v, self.proj = (nn.Linear(c, c) for _ in range(4))
        if sr > 1:
            self.norm = nn.BatchNorm1d(c, eps=eps)

    def forward(self, x):  # [B, C, H, W] -> [B, C, H, W]
        b, c, h, w = x.shape
        t = x.flatten(2).transpose(1, 2)  # [B, N, C], raster order
        kv = t
        if self.sr > 1:
            kv = self.norm(F.avg_pool1d(t.transpose(1, 2), self.sr ** 2, self.sr ** 2)).transpose(1, 2)
        split = lambda y: y.reshape(b, -1, self.heads, self.d).transpose(1, 2)  # noqa: E731
        q, k, v = split(self.q(t)), split(self.k(kv)), split(self.v(kv))
        # Explicit softmax(q k^T / sqrt(d)) v: with so few keys (N / sr^2) torch 2.13's CPU flash
        # attention backward took 12% of a bf16 training step; two matmuls take ~1%.
        y = ((q @ k.transpose(-1, -2)) * self.d ** -0.5).softmax(-1) @ v
        y = self.proj(y.transpose(1, 2).reshape(b, h * w, c))
        return y.transpose(1, 2).reshape(b, c, h, w)


def drop_path(x, p, training):
    """Stochastic depth per sample (what timm's DropPath does); identity when p == 0 or in eval."""
    if p == 0.0 or not training:
        return x
    keep = x.new_empty((x.shape[0],) + (1,) * (x.dim() - 1)).bernoulli_(1 - p)
    return x * keep / (1 - p)


class NCB(nn.Module):
    def __init__(self, p, head_dim, eps, dp=0.0):
        super().__init__()
        self.dp = dp
        self.patch_embed = patch_embed(p["inCh"], p["outCh"], p["stride"], eps)
        self.mhca = MHCA(p["outCh"], head_dim, eps)
        self.norm = nn.BatchNorm2d(p["outCh"], eps=eps)
        self.mlp = Mlp(p["outCh"], p["mlpHidden"])

    def forward(self, x, taps, name):
        x = self.patch_embed(x)
        x = x + drop_path(self.mhca(x), self.dp, self.training)
        return x + drop_path(self.mlp(self.norm(x)), self.dp, self.training)


class NTB(nn.Module):
    """E-MHSA branch (mhsaCh channels) and MHCA branch (mhcaCh) concatenated, then norm2 + MLP.
    Either branch may be absent at the lab's r ends (r = 0: no E-MHSA; r = 1: no MHCA)."""

    def __init__(self, p, head_dim, eps, dp=0.0):
        super().__init__()
        self.dp = dp
        self.has_mhsa, self.has_mhca = p["mhsaCh"] > 0, p["mhcaCh"] > 0
        if self.has_mhsa:
            self.patch_embed = patch_embed(p["inCh"], p["mhsaCh"], p["stride"], eps)
            self.norm1 = nn.BatchNorm2d(p["mhsaCh"], eps=eps)
            self.e_mhsa = EMHSA(p["mhsaCh"], head_dim, p["srRatio"], eps)
        if self.has_mhca:
            cin, stride = (p["mhsaCh"], 1) if self.has_mhsa else (p["inCh"], p["stride"])
            self.projection = patch_embed(cin, p["mhcaCh"], stride, eps)
            self.mhca = MHCA(p["mhcaCh"], head_dim, eps)
        self.norm2 = nn.BatchNorm2d(p["outCh"], eps=eps)
        self.mlp = Mlp(p["outCh"], p["mlpHidden"])

    def forward(self, x, taps, name):
        parts = []
        if self.has_mhsa:
            x = self.patch_embed(x)
            a = self.e_mhsa(self.norm1(x))
            if taps is not None:
                taps[name + ".e_mhsa"] = a
            x = x + drop_path(a, self.dp, self.training)
            parts.append(x)
        if self.has_mhca:
            out = self.projection(x)
            m = self.mhca(out)
            if taps is not None:
                taps[name + ".mhca"] = m
            parts.append(out + drop_path(m, self.dp, self.training))
        x = parts[0] if len(parts) == 1 else torch.cat(parts, 1)
        return x + drop_path(self.mlp(self.norm2(x)), self.dp, self.training)


class NextViT(nn.Module):
    def __init__(self, plan, drop_path_rate=0.0):
        super().__init__()
        eps, hd = plan["bnEps"], plan["headDim"]
        s = plan["stemChs"]
        chs = [3, s[0], s[1], s[2], s[2]]
        self.stem = nn.Sequential(*(ConvBNReLU(chs[i], chs[i + 1], 2 if i in (0, 3) else 1, eps) for i in range(4)))
        n = len(plan["blocks"])
        dps = [drop_path_rate * i / max(n - 1, 1) for i in range(n)]  # linear rule, as the official code
        self.features = nn.ModuleList(
            (NCB if b["kind"] == "NCB" else NTB)(b, hd, eps, dps[i]) for i, b in enumerate(plan["blocks"])
        )
        last = plan["blocks"][-1]["outCh"]
        self.norm = nn.BatchNorm2d(last, eps=eps)
        self.proj_head = nn.Sequential(nn.Linear(last, plan["numClasses"]))
        self.init_weights()

    def init_weights(self):
        """The official initialisation: truncated normal (std .02) for convs and linears, zero biases,
        unit/zero norms."""
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.trunc_normal_(m.weight, std=0.02)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, (nn.BatchNorm2d, nn.BatchNorm1d)):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, x, taps=None):
        x = self.stem(x)
        if taps is not None:
            taps["stem"] = x
        for i, blk in enumerate(self.features):
            x = blk(x, taps, f"features.{i}")
            if taps is not None:
                taps[f"features.{i}"] = x
        return self.proj_head(torch.flatten(F.adaptive_avg_pool2d(self.norm(x), 1), 1))

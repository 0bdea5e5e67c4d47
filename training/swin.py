"""Swin Transformer in PyTorch, built from the lab's plan (`npm run lab -- plan --arch swin-t-w5`): the config and
the stage geometry `swinStages` of lib/baselines/swin.ts (token grid, window clamped to the grid, shift of the odd
blocks), so the trainer and the TypeScript compiler build one network. Module names are timm's state-dict keys
(`layers.S.downsample` at the start of stage S, `head.fc`), the layout `swinParamSpec` expects. Our own code,
written from the paper (Liu et al. 2021) and the lab's plan; initialisation as timm's.

Activations are NHWC inside, as in timm and the lab's graph. Taps (NHWC, the names of tests/fixtures/swin-t-mini):
`patch_embed`, `layers.S.downsample`, `layers.S.blocks.B`, `norm`.

The geometry (windows, shifts, masks) is fixed by the plan's `imgSize`: other input sizes are refused, as the
relative-position tables and masks are built for these grids (the lab's builder also refuses grids that are not
multiples of the window).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


def relative_position_index(ws):
    """index[i, j] into the [(2ws-1)^2, heads] table for window positions i, j (raster order), as timm's and
    lib/baselines/swin-window.ts: (dy + ws - 1) * (2ws - 1) + (dx + ws - 1)."""
    ys, xs = torch.meshgrid(torch.arange(ws), torch.arange(ws), indexing="ij")
    y, x = ys.flatten(), xs.flatten()
    return (y[:, None] - y[None, :] + ws - 1) * (2 * ws - 1) + (x[:, None] - x[None, :] + ws - 1)


def window_partition(x, ws):
    """[B, H, W, C] -> [B * nW, ws * ws, C], windows in raster order."""
    b, h, w, c = x.shape
    return x.reshape(b, h // ws, ws, w // ws, ws, c).permute(0, 1, 3, 2, 4, 5).reshape(-1, ws * ws, c)


def window_reverse(x, ws, h, w):
    """[B * nW, ws * ws, C] -> [B, H, W, C]."""
    c = x.shape[-1]
    return x.reshape(-1, h // ws, w // ws, ws, ws, c).permute(0, 1, 3, 2, 4, 5).reshape(-1, h, w, c)


def shift_mask(h, w, ws, shift):
    """[nW, N, N]: -100 between tokens that came from different regions of the un-shifted map (timm's constant;
    lib/baselines/swin-window.ts shiftMask)."""
    def region(size):
        r = torch.zeros(size, dtype=torch.long)
        r[size - ws:size - shift] = 1
        r[size - shift:] = 2
        return r
    ids = (region(h)[:, None] * 3 + region(w)[None, :]).reshape(1, h, w, 1)
    win = window_partition(ids, ws).squeeze(-1)  # [nW, N]
    return (win[:, None, :] != win[:, :, None]).float() * -100.0


class WindowAttention(nn.Module):
    def __init__(self, dim, heads, ws):
        super().__init__()
        self.heads, self.scale = heads, (dim // heads) ** -0.5
        self.relative_position_bias_table = nn.Parameter(torch.zeros((2 * ws - 1) ** 2, heads))
        # Follows from the window size: not saved (timm's is non-persistent too; the lab drops it).
        self.register_buffer("relative_position_index", relative_position_index(ws).flatten(), persistent=False)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x, mask):  # x [B * nW, N, C]; mask [nW, N, N] or None
        bw, n, c = x.shape
        q, k, v = self.qkv(x).reshape(bw, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        attn = (q * self.scale) @ k.transpose(-2, -1)
        bias = self.relative_position_bias_table[self.relative_position_index].reshape(n, n, -1).permute(2, 0, 1)
        attn = attn + bias
        if mask is not None:
            nw = mask.shape[0]
            attn = (attn.reshape(-1, nw, self.heads, n, n) + mask[None, :, None]).reshape(bw, self.heads, n, n)
        y = attn.softmax(-1) @ v
        return self.proj(y.transpose(1, 2).reshape(bw, n, c))


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(dim, hidden), nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class SwinBlock(nn.Module):
    """(S)W-MSA + MLP, each pre-norm with a residual; `shift` > 0 rolls the map and masks across regions."""

    def __init__(self, st, shift, mlp_ratio):
        super().__init__()
        c = st["dim"]
        self.ws, self.shift = st["window"], shift
        self.norm1 = nn.LayerNorm(c)
        self.attn = WindowAttention(c, st["heads"], self.ws)
        self.norm2 = nn.LayerNorm(c)
        self.mlp = Mlp(c, c * mlp_ratio)
        self.register_buffer("attn_mask", shift_mask(st["h"], st["w"], self.ws, shift) if shift else None, persistent=False)

    def forward(self, x):  # [B, H, W, C]
        _, h, w, _ = x.shape
        y = self.norm1(x)
        if self.shift:
            y = torch.roll(y, (-self.shift, -self.shift), (1, 2))
        y = window_reverse(self.attn(window_partition(y, self.ws), self.attn_mask), self.ws, h, w)
        if self.shift:
            y = torch.roll(y, (self.shift, self.shift), (1, 2))
        x = x + y
        return x + self.mlp(self.norm2(x))


class PatchMerging(nn.Module):
    """2x2 neighbours concatenated (timm's order: the column offset varies slowest), LayerNorm, linear 4C -> 2C."""

    def __init__(self, cin, cout):
        super().__init__()
        self.norm = nn.LayerNorm(4 * cin)
        self.reduction = nn.Linear(4 * cin, cout, bias=False)

    def forward(self, x):
        b, h, w, c = x.shape
        x = x.reshape(b, h // 2, 2, w // 2, 2, c).permute(0, 1, 3, 4, 2, 5).reshape(b, h // 2, w // 2, 4 * c)
        return self.reduction(self.norm(x))


class SwinStage(nn.Module):
    def __init__(self, st, prev_dim, depth, mlp_ratio):
        super().__init__()
        if st["stage"] > 0:
            self.downsample = PatchMerging(prev_dim, st["dim"])
        # Blocks 1, 3, ... shift by the stage's shift (0 where the grid is a single window).
        self.blocks = nn.ModuleList(SwinBlock(st, st["shift"] if b % 2 else 0, mlp_ratio) for b in range(depth))


class PatchEmbed(nn.Module):
    def __init__(self, patch, dim):
        super().__init__()
        self.proj = nn.Conv2d(3, dim, patch, patch)
        self.norm = nn.LayerNorm(dim)

    def forward(self, x):
        return self.norm(self.proj(x).permute(0, 2, 3, 1))


class Swin(nn.Module):
    def __init__(self, plan):
        super().__init__()
        st = plan["stages"]
        self.grid = (st[0]["h"], st[0]["w"])
        self.img_size = plan["imgSize"]
        self.patch_embed = PatchEmbed(plan["patch"], plan["embedDim"])
        dims = [plan["embedDim"]] + [s["dim"] for s in st]
        self.layers = nn.ModuleList(SwinStage(s, dims[i], plan["depths"][i], plan["mlpRatio"]) for i, s in enumerate(st))
        self.norm = nn.LayerNorm(dims[-1])
        self.head = nn.ModuleDict({"fc": nn.Linear(dims[-1], plan["numClasses"])})
        self.init_weights()

    def init_weights(self):
        """timm's: truncated normal (std .02) for linears and the bias tables, zero biases; LayerNorm and the
        patch convolution keep PyTorch's defaults."""
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.trunc_normal_(m.weight, std=0.02)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, WindowAttention):
                nn.init.trunc_normal_(m.relative_position_bias_table, std=0.02)

    def forward(self, x, taps=None):
        x = self.patch_embed(x)
        if tuple(x.shape[1:3]) != self.grid:
            raise ValueError(f"Swin: built for {self.img_size} px input (a {self.grid[0]}x{self.grid[1]} token grid), "
                             f"got {tuple(x.shape[1:3])} tokens; windows and bias tables follow the plan's imgSize")
        if taps is not None:
            taps["patch_embed"] = x
        for s, stage in enumerate(self.layers):
            if s > 0:
                x = stage.downsample(x)
                if taps is not None:
                    taps[f"layers.{s}.downsample"] = x
            for b, blk in enumerate(stage.blocks):
                x = blk(x)
                if taps is not None:
                    taps[f"layers.{s}.blocks.{b}"] = x
        x = self.norm(x)
        if taps is not None:
            taps["norm"] = x
        return self.head["fc"](x.mean((1, 2)))

"""ResNet-50 in PyTorch, built from the lab's plan (`npm run lab -- plan --arch resnet50`): the bottleneck list
`resnetBlocks` of lib/baselines/resnet.ts, so the trainer and the TypeScript compiler build one network. Module
names are timm's (= torchvision's) state-dict keys, the layout `resnetParamSpec` expects, so a trained file loads
in the lab with no mapping. Our own code, written from the paper (He et al. 2016, v1.5: stride on the 3x3) and
the lab's plan; the initialisation follows timm's.

Plan JSON: ResNetConfig (depths, widths, stemWidth, numClasses) plus `blocks` (prefix, inCh, width, outCh,
stride, down). Taps (NCHW, the names of tests/fixtures/resnet50-mini): `maxpool`, `layerS.B`.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Bottleneck(nn.Module):
    """1x1 -> 3x3 (carrying the stride) -> 1x1, each with BN; shortcut 1x1 conv + BN where the shape changes."""

    def __init__(self, b):
        super().__init__()
        self.conv1 = nn.Conv2d(b["inCh"], b["width"], 1, bias=False)
        self.bn1 = nn.BatchNorm2d(b["width"])
        self.conv2 = nn.Conv2d(b["width"], b["width"], 3, b["stride"], 1, bias=False)
        self.bn2 = nn.BatchNorm2d(b["width"])
        self.conv3 = nn.Conv2d(b["width"], b["outCh"], 1, bias=False)
        self.bn3 = nn.BatchNorm2d(b["outCh"])
        self.downsample = None
        if b["down"]:
            self.downsample = nn.Sequential(nn.Conv2d(b["inCh"], b["outCh"], 1, b["stride"], bias=False),
                                            nn.BatchNorm2d(b["outCh"]))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = F.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        return F.relu(y + (x if self.downsample is None else self.downsample(x)))


class ResNet(nn.Module):
    def __init__(self, plan):
        super().__init__()
        stem = plan["stemWidth"]
        self.conv1 = nn.Conv2d(3, stem, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(stem)
        # layer1..4 as Sequentials give the plan's `layerS.B` prefixes as module paths (checked).
        for s in range(len(plan["depths"])):
            setattr(self, f"layer{s + 1}", nn.Sequential(*(Bottleneck(b) for b in plan["blocks"] if b["stage"] == s)))
        paths = [f"layer{s + 1}.{i}" for s in range(len(plan["depths"])) for i in range(len(getattr(self, f"layer{s + 1}")))]
        assert paths == [b["prefix"] for b in plan["blocks"]], "plan blocks out of order"
        feat = plan["blocks"][-1]["outCh"]
        self.fc = nn.Linear(feat, plan["numClasses"])
        self.n_stages = len(plan["depths"])
        self.init_weights()

    def init_weights(self):
        """timm's: He-normal (fan_out) convolutions, unit BN, the last BN of every bottleneck at zero (so each
        residual branch starts as the identity, Goyal et al. 2017); the classifier keeps PyTorch's default."""
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        for m in self.modules():
            if isinstance(m, Bottleneck):
                nn.init.zeros_(m.bn3.weight)

    def forward(self, x, taps=None):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 3, 2, 1)
        if taps is not None:
            taps["maxpool"] = x
        for s in range(self.n_stages):
            for b, blk in enumerate(getattr(self, f"layer{s + 1}")):
                x = blk(x)
                if taps is not None:
                    taps[f"layer{s + 1}.{b}"] = x
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))

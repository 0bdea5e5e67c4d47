"""Ship a training run to the lab: float16 safetensors in the official key layout under public/models/,
its sha256, and the model's manifest entry (provenance from the run's log.json). The accuracy field is
filled afterwards by the lab itself: `npm run lab -- eval --model <id> --record`.

    training/.venv/bin/python training/export.py --run training/runs/nextvit-s --id nextvit-s-imagenette \\
        --title "Next-ViT-S (Imagenette)" --size S
"""
import argparse
import hashlib
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from models import LAYOUTS, family, fixed_size  # noqa: E402
from weights import load_state_dict, save_state_dict  # noqa: E402
from int8_check import GATE, float16_prefixes, int8_check  # noqa: E402
from room import LIMIT_MIB, room  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
MODELS = os.path.join(ROOT, "public", "models")


def weights_of(run):
    """The run's chosen weights: final.safetensors when training finished, else the last epoch's EMA."""
    final = os.path.join(run, "final.safetensors")
    if os.path.exists(final):
        return load_state_dict(final), "final"
    ckpt = os.path.join(run, "last.pt")
    if not os.path.exists(ckpt):
        sys.exit(f"export: {run} has neither final.safetensors nor last.pt: train first (training/train.py)")
    st = torch.load(ckpt, weights_only=False)
    mid = st.get("mid_epoch")  # stopped inside an epoch (training/stopping.py)
    at = f"epoch {st['epoch']}" + (f" + {mid['step']} steps" if mid else "")
    return {k: v.float() for k, v in st["ema"].items()}, f"{at} EMA (training unfinished)"


def plan_of(log):
    """The plan the run trained (train.py's --plan, relative to the repository root where it ran)."""
    path = log["args"]["plan"]
    path = path if os.path.isabs(path) else os.path.join(ROOT, path)
    if not os.path.exists(path):
        sys.exit(f"export: the run's plan {path} is gone: remake it with `npm run lab -- plan` (same arguments)")
    with open(path) as f:
        return json.load(f)


def resolutions(plan, eval_size):
    """Input sizes the lab offers: the trained model's eval size first; a fixed-size architecture has only that."""
    if fixed_size(plan) is not None:
        return [fixed_size(plan)]
    return sorted({eval_size, 224, 160, 128, 96}, reverse=True)


def describe_machine(m):
    isa = ", ".join(m.get("isa", []))
    where = m.get("gpu") or f"{m['cpu']} ({m['cores']} cores; {isa})"
    return f"{where}, torch {m['torch']}"


def precision_text(log):
    """How the run computed (training/precision.py; logs from before it are all bf16 runs)."""
    text = "bf16 autocast" if log.get("amp", "bf16") == "bf16" else "float32"
    for c in log.get("amp_changes", []):
        text += f", {'bf16 autocast' if c['amp'] == 'bf16' else 'float32'} from epoch {c['epoch'] + 1}"
    return text


def describe_recipe(log):
    r, sizes = log["recipe"], [e["size"] for e in log["epochs"]]
    return (f"{log['recipe_name']}: AdamW lr {r['lr']} (batch {r['batch']}), wd {r['weight_decay']}, "
            f"{r['warmup_frac'] * 100:.0f}% warm-up then linear decay to 0, label smoothing {r['label_smoothing']}, "
            f"random resized crop {tuple(r['crop_scale'])} + flip, "
            f"{'gradient clipping at ' + str(r['grad_clip']) if r.get('grad_clip') else 'no gradient clipping'}, "
            f"EMA {r['ema_decay']}, {precision_text(log)} + channels_last, "
            f"{len(sizes)} epochs at sizes {sorted(set(sizes))}"
            + (f", replaying the epochs and per-step learning rates of {log['follow']['log']} (train.py --follow)"
               if log.get("follow") else ""))


def stages(log):
    """The run's logs, earliest first: a warm-started run (--init) carries its predecessor's log."""
    prev = (log.get("init_from") or {}).get("log")
    return (stages(prev) if prev else []) + [log]


def recipe_name(runs):
    """The recipe names (training/recipes.py) of a run and its warm starts, earliest first: rows of the ablation
    table compare only when these are equal, so the lab reads them from here rather than from the description."""
    names = []
    for x in runs:
        if x["recipe_name"] not in names:
            names.append(x["recipe_name"])
    return " then ".join(names)


def with_init_log(log):
    """Embed the warm start's own log.json (its run folder is not committed) so the shipped log is complete.
    `init_from.path` is relative to the repository root, where train.py runs."""
    init = log.get("init_from")
    if init and "log" not in init:
        prev = os.path.join(ROOT, os.path.dirname(init["path"]), "log.json")
        if not os.path.exists(prev):
            sys.exit(f"export: the run was warm-started from {init['path']} but {prev} is gone: "
                     "its log is part of the provenance")
        with open(prev) as f:
            init["log"] = with_init_log(json.load(f))
    return log


FLOAT16_STORAGE = ("safetensors float16 (official keys; BatchNorm running statistics float32); "
                   "the worker widens to float32")


def int8_storage(c):
    return (f"safetensors int8 per output channel with float32 scales for the conv/linear weights of stages 3-4 and "
            f"of stage 2's MLPs, float16 elsewhere (BatchNorm statistics float32); the worker dequantises. Against the "
            f"float16 weights on {c['images']} Imagenette val images (PyTorch, float32): logits max |Δ| "
            f"{c['maxAbs']:.3g} = {100 * c['relToMaxLogit']:.2f}% of the largest logit, top-1 agrees on "
            f"{c['top1Agree']}/{c['images']}, "
            f"block-output ΔlogA (image mean) max |Δ| {c['dlogA']:.3g}")


def entry_for(args, log, rel, digest, nbytes, source, storage=FLOAT16_STORAGE):
    plan = plan_of(log)
    fam = family(plan)
    runs = stages(log)
    ep = [e for r in runs for e in r["epochs"]]
    final = log.get("final", {})
    sizes = [e["size"] for e in ep]
    eval_size = final.get("eval_size", sizes[-1])
    r = log["recipe"]
    recipe = "; then warm-started: ".join(describe_recipe(x) for x in runs) + "; training/recipes.py"
    wall = sum(x.get("wall_s_total_incl_eval", x["wall_s"]) for x in runs)
    # Next-ViT entries name their size (S/B/L) and config overrides; the baselines name their registry arch.
    head = ({"family": fam, "size": args.size} if fam == "nextvit" else {"family": fam, "arch": plan["arch"]})
    return {
        "id": args.id, **head, "title": args.title,
        "config": json.loads(args.config), "numClasses": plan["numClasses"],
        "labels": "imagenette",
        "resolutions": resolutions(plan, eval_size),
        "preprocess": {"size": eval_size, "cropPct": r["crop_pct"], "interpolation": "bicubic",
                       "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]},
        "weights": {"kind": "file", "url": f"/models/{rel}", "sha256": digest, "bytes": nbytes,
                    "format": "safetensors", "layout": LAYOUTS[fam]},
        "trainedOn": "Imagenette (10 ImageNet classes), trained in this repo on the CPU",
        "accuracy": None,
        "storage": storage,
        "training": {
            "dataset": f"Imagenette train, {log['n_train']} images at 160 px ({log['n_holdout']} held out to choose "
                       "the evaluation size)",
            "trainSizes": sizes, "evalSize": eval_size, "recipe": recipe, "recipeName": recipe_name(runs),
            "epochs": len(ep), "wallMinutes": round(wall / 60, 1),
            "machine": describe_machine(log["machine"]), "seed": log["seed"],
            "pytorchValTop1": final.get("val_top1"), "weightsFrom": source if source != "final" else final.get("weights"),
            "log": f"training/logs/{args.id}.json",
        },
    }


def refuse_over_limit(folder, name, new_bytes, run, tmp):
    """Exit, naming the sizes and the way out, when `name` at `new_bytes` would take `folder` over LIMIT_MIB."""
    total, fits = room(folder, name, new_bytes, ignore=(os.path.basename(tmp),))
    if fits:
        return
    os.remove(tmp)
    sizes = {n: os.path.getsize(os.path.join(folder, n)) for n in os.listdir(folder) if n != name}
    largest = ", ".join(f"{n} {b / 2 ** 20:.1f}" for n, b in sorted(sizes.items(), key=lambda x: -x[1])[:4])
    sys.exit(f"export: {name} ({new_bytes / 2 ** 20:.1f} MiB) would take public/models/ to {total:.1f} MiB, over its "
             f"{LIMIT_MIB} MiB limit (largest now, MiB: {largest}). Nothing was written; the trained weights stay in "
             f"{run}. Make room in public/models/ (a model stored as int8, or one taken out of the shipped set), then "
             "run the same command again: a finished run is exported without training again.")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", required=True)
    p.add_argument("--id", required=True)
    p.add_argument("--title", required=True)
    p.add_argument("--size", default="S", choices=["S", "B", "L"], help="Next-ViT size (other families: from the plan)")
    p.add_argument("--config", default="{}",
                   help="JSON overrides on the preset (empty for the paper's S; Swin w5: {\"window\": 5})")
    p.add_argument("--manifest", default=os.path.join(MODELS, "manifest.json"))
    p.add_argument("--first", action="store_true", help="list the model first: the lab's default")
    p.add_argument("--int8", action="store_true",
                   help="int8 per output channel (the Next-ViTs: variants and S, to keep public/models/ under 300 MiB); "
                        f"refused if logits move by more than {GATE:g} of the largest logit")
    p.add_argument("--int8-gate", type=float, default=GATE,
                   help="the largest change allowed (logits: fraction of the largest |logit|; ΔlogA: absolute)")
    p.add_argument("--check-zip", default=os.path.join(ROOT, "..", "shared", "datasets", "imagenette-224-val.zip"),
                   help="Imagenette val zip for the int8 check")
    p.add_argument("--logs-dir", default=os.path.join(ROOT, "training", "logs"), help="where the run's log is copied")
    args = p.parse_args(argv)
    with open(os.path.join(args.run, "log.json")) as f:
        log = with_init_log(json.load(f))
    sd, source = weights_of(args.run)
    rel = f"{args.id}.safetensors"
    path = os.path.join(os.path.dirname(args.manifest), rel)
    storage = FLOAT16_STORAGE
    if args.int8:
        if family(plan_of(log)) != "nextvit":
            sys.exit("export: --int8 is for Next-ViT (the stem, stage 1 and stage 2 but its "
                     "MLPs stay float16); ship this family as float16")
        final = log.get("final", {})
        size = final.get("eval_size", log["epochs"][-1]["size"])
        c = int8_check(plan_of(log), sd, args.check_zip, os.path.join(ROOT, "training", ".cache"), size,
                       log["recipe"]["crop_pct"])
        print(f"export: int8 check {c}")
        if c["relToMaxLogit"] > args.int8_gate or c["dlogA"] > args.int8_gate:
            sys.exit(f"export: int8 moves the logits by {100 * c['relToMaxLogit']:.2f}% of the largest logit and "
                     f"ΔlogA by {c['dlogA']:.3g}, over the {args.int8_gate:g} gates: ship this model as float16 "
                     "(drop --int8)")
        storage = int8_storage(c)
    keep = float16_prefixes(plan_of(log)) if args.int8 else ()
    # Written beside the target first: a file that would take public/models/ over its limit is refused before the
    # shipped file, the manifest or the logs change (a 3-hour run's weights stay in the run folder either way).
    tmp = path + ".partial"
    save_state_dict(tmp, sd, {"id": args.id, "source": source}, dtype=torch.float16, int8=args.int8, keep=keep)
    refuse_over_limit(os.path.dirname(args.manifest), rel, os.path.getsize(tmp), args.run, tmp)
    os.replace(tmp, path)
    os.chmod(path, 0o644)  # served as a static file: readable by whichever user runs the server
    with open(path, "rb") as f:
        raw = f.read()
    digest = hashlib.sha256(raw).hexdigest()
    logs = args.logs_dir
    os.makedirs(logs, exist_ok=True)
    with open(os.path.join(logs, f"{args.id}.json"), "w") as f:
        json.dump(log, f, indent=1)
    with open(args.manifest) as f:
        manifest = json.load(f)
    old = next((m for m in manifest["models"] if m["id"] == args.id), None)
    entry = entry_for(args, log, rel, digest, len(raw), source, storage)
    if old and old.get("accuracy") and old["weights"].get("sha256") == digest:
        entry["accuracy"] = old["accuracy"]  # same bytes: the lab's measurement still holds
    models = [m for m in manifest["models"] if m["id"] != args.id]
    at = 0 if args.first else (manifest["models"].index(old) if old else len(models))
    models.insert(at, entry)
    manifest["models"] = models
    with open(args.manifest, "w") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)  # the format of JSON.stringify(m, null, 2)
        f.write("\n")
    total, _ = room(os.path.dirname(args.manifest), rel, len(raw))
    print(f"export: {path} ({len(raw) / 2 ** 20:.1f} MiB, sha256 {digest[:12]}…, {source}); public/models {total:.0f} MiB")
    print(f"next: npm run lab -- eval --model {args.id} --record   (writes the lab-measured top-1 into the manifest)")


if __name__ == "__main__":
    main()

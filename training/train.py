"""Train a model from the lab's plan (`npm run lab -- plan`: Next-ViT, ResNet-50, Swin-T or LeViT; training/models.py)
on Imagenette, fitted to a budget of minutes.

    training/.venv/bin/python training/train.py --plan plan.json --out runs/nextvit-s --budget-min 100
    ... --resume            # after a stop or a kill: continues from the last checkpoint

Writes into --out: `last.pt` (checkpoint after every epoch, every --save-every-min inside one, and when SIGTERM or
SIGINT stops the run: training/stopping.py; atomically), `log.json` (recipe, seed, machine,
per-epoch loss and val top-1, wall time) and at the end `final.safetensors` (float32, the keys the lab loads, the
weights chosen on the held-out slice of train). Export to the lab with training/export.py.
"""
import argparse
import json
import os
import sys
import time

import torch
from tqdm import tqdm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from budget import epoch_cost, plan_epochs, refit, regrow, replan, schedule  # noqa: E402
from data import DataError, load_split  # noqa: E402
from divergence import diverged  # noqa: E402
from evaluation import choose_and_measure, evaluate  # noqa: E402
from follow import check_twin, lr_at, lr_follow, segments, warmup_steps  # noqa: E402
from machine import machine_info  # noqa: E402
from models import fit_recipe  # noqa: E402
from recipes import RECIPES  # noqa: E402
from stopping import EXIT_DIVERGED, EXIT_STOPPED, StopRequest  # noqa: E402
from trainer import Trainer, holdout_split, init_weights, measure_speed, save_checkpoint, write_log  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "shared", "datasets")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--plan", required=True, help="block plan JSON from `npm run lab -- plan`")
    p.add_argument("--out", required=True, help="run folder (checkpoints, log, final weights)")
    p.add_argument("--recipe", default="cpu-short", choices=sorted(RECIPES))
    p.add_argument("--budget-min", type=float, default=None, help="fit epochs to these minutes (incl. evaluation)")
    p.add_argument("--epochs", type=int, default=None, help="fixed epoch count instead of a budget")
    p.add_argument("--follow", default=None,
                   help="a finished run's log.json: replay its epoch sizes and learning rates step for step "
                        "(an ablation's fair twin; training/follow.py)")
    p.add_argument("--max-steps", type=int, default=None, help="stop each epoch after this many steps (smoke tests)")
    p.add_argument("--resume", action="store_true", help="continue from --out/last.pt")
    p.add_argument("--save-every-min", type=float, default=10.0,
                   help="also checkpoint inside an epoch this often (a hard kill loses at most this much)")
    p.add_argument("--stop-after-steps", type=int, default=None,
                   help="act as if SIGTERM came after this many steps of this process (tests)")
    p.add_argument("--refit", action="store_true",
                   help="with --resume: fit the rest of the schedule to a new --budget-min (a further session)")
    p.add_argument("--init", default=None,
                   help="start from these weights (a run's last.pt or final.safetensors) with a fresh schedule")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=None, help="torch threads (default: all cores)")
    p.add_argument("--device", default="auto", help="auto | cpu | cuda")
    p.add_argument("--train-zip", default=os.path.join(SHARED, "imagenette-160-train.zip"))
    p.add_argument("--val-zip", default=os.path.join(SHARED, "imagenette-224-val.zip"))
    p.add_argument("--train-limit", type=int, default=None, help="use a class-balanced subset (smoke tests)")
    p.add_argument("--val-limit", type=int, default=None)
    p.add_argument("--cache", default=os.path.join(HERE, ".cache"), help="decoded uint8 tensors (gitignored)")
    p.add_argument("--no-progress", action="store_true")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    t_start = time.time()
    deadline = t_start + (args.budget_min or 0) * 60  # this process's budget, resumed or not
    recipe = RECIPES[args.recipe]
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device("cuda" if args.device == "auto" and torch.cuda.is_available() else
                          ("cpu" if args.device == "auto" else args.device))
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    ckpt_path, log_path = os.path.join(args.out, "last.pt"), os.path.join(args.out, "log.json")
    with open(args.plan) as f:
        plan = json.load(f)
    recipe = fit_recipe(recipe, plan)

    try:
        x, y, wnids, train_sha = load_split(args.train_zip, args.cache, 160, args.train_limit)
        vx, vy, vwnids, val_sha = load_split(args.val_zip, args.cache, 224, args.val_limit)
    except DataError as e:
        sys.exit(f"train: {e}")
    if wnids != vwnids:
        sys.exit(f"train: train and val classes differ ({len(wnids)} vs {len(vwnids)} wnids)")
    if plan["numClasses"] != len(wnids):
        sys.exit(f"train: the plan has {plan['numClasses']} classes, the data {len(wnids)}: "
                 f"make the plan with `npm run lab -- plan --num-classes {len(wnids)}`")
    tr_idx, ho_idx = holdout_split(y, recipe["holdout_per_class"], args.seed)
    xt, yt, xh, yh = x[tr_idx], y[tr_idx], x[ho_idx], y[ho_idx]
    g = torch.Generator().manual_seed(args.seed + 1)
    vsub = torch.randperm(len(vy), generator=g)[:recipe["val_subset_per_epoch"]]
    trainer = Trainer(args, recipe, plan, device)
    print(f"train: computing in {trainer.amp}: {trainer.amp_why}", flush=True)
    b = recipe["batch"]
    steps_per_epoch = len(yt) // b
    if args.max_steps:
        steps_per_epoch = min(steps_per_epoch, args.max_steps)

    init_from = None
    if args.init and not args.resume:
        init_from = init_weights(trainer, args.init)
    if args.resume:
        if not os.path.exists(ckpt_path):
            sys.exit(f"train: --resume but {ckpt_path} does not exist: start without --resume")
        try:
            st = torch.load(ckpt_path, weights_only=False)
        except Exception as e:  # noqa: BLE001
            sys.exit(f"train: {ckpt_path} is unreadable ({e}); delete it to start again")
        trainer.model.load_state_dict(st["model"])
        trainer.ema.load_state_dict(st["ema"])
        trainer.opt.load_state_dict(st["opt"])
        torch.set_rng_state(st["rng"])
        sched, log = st["schedule"], st["log"]
        log["resumed_at"] = log.get("resumed_at", []) + [time.strftime("%Y-%m-%dT%H:%M:%S")]
        start_epoch = st["epoch"]
        if log.get("amp", "bf16") != trainer.amp:  # logs from before precision.py are all bf16 runs
            print(f"train: this run computed in {log.get('amp', 'bf16')} so far and goes on in {trainer.amp}", flush=True)
            log.setdefault("amp_changes", []).append({"epoch": start_epoch, "amp": trainer.amp})
        mid = st.get("mid_epoch")  # stopped inside epoch start_epoch + 1: its batch order, step and losses so far
        wall_before = log["wall_s"]
        if args.refit and log.get("follow"):
            print("train: this run follows another run's schedule, so --refit is ignored (it resumes as planned)",
                  flush=True)
        elif args.refit:
            if not args.budget_min:
                sys.exit("train: --refit needs --budget-min (the minutes this resumed session may use)")
            # A new budget for the rest: the whole-run schedule is re-fitted, the decay re-anchored here.
            step = start_epoch * steps_per_epoch + (mid["step"] if mid else 0)
            lr_now = lr_at(step, len(sched) * steps_per_epoch, recipe, log.get("lr_anchor"))
            if lr_now < 0.05 * recipe["lr"]:
                # The run had decayed to (nearly) zero: a further session restarts the decay from a quarter
                # of the peak (a warm restart, as in SGDR), not from the peak that would undo the training.
                lr_now = 0.25 * recipe["lr"]
            sched = refit(recipe["sizes"], sched[:start_epoch + (1 if mid else 0)], epoch_cost(log["epochs"]),
                          args.budget_min * 60 - (time.time() - t_start), log.get("final_eval_s_est", 0))
            log["lr_anchor"], log["schedule"] = (step, lr_now), sched
            log.setdefault("replans", []).append({"after_epoch": start_epoch, "schedule": sched, "refit": True})
            print(f"train: refitted to {args.budget_min} more minutes: {len(sched)} epochs {sched}", flush=True)
    else:
        speeds = {s: measure_speed(trainer, xt, s) for s, _ in dict.fromkeys(recipe["sizes"])}
        t0 = time.perf_counter()
        evaluate(trainer.ema, vx[vsub[:50]], vy[vsub[:50]], recipe["sizes"][-1][0], device, recipe["crop_pct"], trainer.amp)
        eval_s = (time.perf_counter() - t0) / 50 * len(vsub)
        final_eval_s = eval_s / max(1, len(vsub)) * (len(vy) * 2.5 + len(yh) * 2 * len(recipe["eval_sizes"]))
        follow = None
        if args.follow:
            try:
                with open(args.follow) as f:
                    ref = json.load(f)
                why = check_twin(ref, args.recipe, recipe, args.seed, len(yt))
                segs = None if why else segments(ref, steps_per_epoch, recipe)
            except (OSError, ValueError, KeyError) as e:
                why = str(e)
            if why:
                sys.exit(f"train: cannot --follow {args.follow}: {why}")
            sched = list(ref["schedule"])
            if ref.get("amp", "bf16") != trainer.amp:
                print(f"train: {args.follow} computed in {ref.get('amp', 'bf16')}, this run in {trainer.amp}: the same "
                      "schedule and learning rates, other rounding", flush=True)
            follow = {"log": args.follow, "plan": ref.get("plan"), "segments": segs}
            if args.budget_min:
                # A followed schedule cannot shrink to fit: say so now rather than be killed half-way (a killed
                # run is lost where run folders do not survive the session). The probe under-promises (r = 0:
                # 37 img/s probed at 128 px, 44-51 run), so only a projection 20% over the budget refuses.
                need = sum(steps_per_epoch * b / speeds[s] + eval_s for s in sched) + final_eval_s
                left = args.budget_min * 60 - (time.time() - t_start)
                print(f"train: the followed schedule projects to {need / 60:.0f} min at the probed speeds "
                      f"({left / 60:.0f} min left in the budget)", flush=True)
                if need > 1.2 * left:
                    sys.exit(f"train: following {args.follow} would take about {need / 60:.0f} min at the probed "
                             f"speeds, over the {args.budget_min:g}-minute budget: give more minutes or run it "
                             "in a session with the time")
        elif args.epochs:
            sched = schedule(recipe["sizes"], args.epochs)
        elif args.budget_min:
            left = args.budget_min * 60 - (time.time() - t_start)
            sched = plan_epochs(recipe, speeds, steps_per_epoch * b, left, eval_s, final_eval_s)
        else:
            sys.exit("train: give --budget-min or --epochs")
        log = {"setup_s": time.time() - t_start, "recipe_name": args.recipe, "recipe": recipe, "seed": args.seed, "plan": plan.get("name"),
               "args": vars(args), "machine": machine_info(device), "train_zip_sha256": train_sha,
               "val_zip_sha256": val_sha, "n_train": len(yt), "n_holdout": len(yh), "n_val": len(vy),
               "speed_img_s": {str(k): round(v, 2) for k, v in speeds.items()}, "schedule": sched, "amp": trainer.amp,
               "epochs": [], "started": time.strftime("%Y-%m-%dT%H:%M:%S"), "wall_s": 0.0}
        start_epoch, wall_before, mid = 0, 0.0, None
        log["final_eval_s_est"] = final_eval_s
        if init_from:
            log["init_from"] = init_from
        if follow:
            log["follow"] = follow
        print(f"train: {len(sched)} epochs at sizes {sched}, measured img/s {log['speed_img_s']}", flush=True)

    total = len(sched) * steps_per_epoch
    anchor = log.get("lr_anchor")
    segs = [tuple(sg) for sg in log["follow"]["segments"]] if log.get("follow") else None

    def lr_of(step):
        return lr_follow(step, segs, recipe) if segs else lr_at(step, total, recipe, anchor)

    def checkpoint(epoch, mid_epoch=None):
        log["wall_s"] = wall_before + time.time() - t_run
        save_checkpoint(ckpt_path, {"model": trainer.model.state_dict(), "ema": trainer.ema.state_dict(),
                                    "opt": trainer.opt.state_dict(), "rng": torch.get_rng_state(), "epoch": epoch,
                                    "mid_epoch": mid_epoch, "schedule": sched, "log": log})
        write_log(log_path, log)

    t_run = time.time()
    epoch = start_epoch
    t_saved = time.time()
    with StopRequest(args.stop_after_steps) as stop:  # SIGTERM / SIGINT: save and stop after this step
        while epoch < len(sched):
            size = sched[epoch]
            trainer.model.train()
            if mid:  # resumed inside this epoch: the same batches in the same order, from the next step
                perm, i0, losses, train_before = mid["perm"], mid["step"], list(mid["losses"]), mid["train_s"]
                trainer.grad_norms, mid = list(mid["grad_norms"]), None
            else:
                perm, i0, losses, train_before = torch.randperm(len(yt)), 0, [], 0.0
            t_ep = time.time()
            bar = tqdm(range(i0, steps_per_epoch), desc=f"epoch {epoch + 1}/{len(sched)} @{size}px", initial=i0,
                       total=steps_per_epoch, disable=args.no_progress, mininterval=5, file=sys.stdout)
            for i in bar:
                idx = perm[i * b:(i + 1) * b]
                step = epoch * steps_per_epoch + i
                loss = trainer.step(trainer.batch(xt[idx], size), yt[idx].to(device), lr_of(step))
                trainer.update_ema(min(recipe["ema_decay"], (1 + step) / (10 + step)))
                losses.append(loss)
                bar.set_postfix(loss=f"{sum(losses[-20:]) / len(losses[-20:]):.3f}",
                                img_s=f"{(i + 1 - i0) * b / (time.time() - t_ep):.1f}")
                stopping = stop.step_done()
                if i + 1 < steps_per_epoch and (stopping or time.time() - t_saved > args.save_every_min * 60):
                    checkpoint(epoch, {"step": i + 1, "perm": perm, "losses": losses, "grad_norms": trainer.grad_norms,
                                       "train_s": train_before + time.time() - t_ep})
                    t_saved = time.time()
                    if stopping:
                        bar.close()
                        print(f"train: stopped ({stop.reason}) at step {i + 1} of {steps_per_epoch} in epoch "
                              f"{epoch + 1} of {len(sched)}; {ckpt_path} holds it: run the same command with --resume "
                              "to go on from there", flush=True)
                        sys.exit(EXIT_STOPPED)
            train_s = train_before + time.time() - t_ep
            val, t_ev = {}, time.time()
            if len(vsub):
                vs = (vx[vsub], vy[vsub], size, device, recipe["crop_pct"])
                val = {"val_subset_top1": evaluate(trainer.model, *vs, trainer.amp),
                       "val_subset_top1_ema": evaluate(trainer.ema, *vs, trainer.amp)}
            norms = sorted(trainer.grad_norms)
            trainer.grad_norms = []
            val["grad_norm_median"] = round(norms[len(norms) // 2], 4) if norms else None
            val["grad_norm_max"] = round(norms[-1], 4) if norms else None
            log["epochs"].append({"epoch": epoch + 1, "size": size, "loss": sum(losses) / len(losses),
                                  "img_s": steps_per_epoch * b / train_s, "train_s": round(train_s, 1),
                                  "eval_s": round(time.time() - t_ev, 1),
                                  "lr_end": lr_of((epoch + 1) * steps_per_epoch - 1), **val})
            log["wall_s"] = wall_before + time.time() - t_run
            print(f"epoch {epoch + 1}: loss {log['epochs'][-1]['loss']:.3f}, "
                  f"{log['epochs'][-1]['img_s']:.1f} img/s, val subset {val}", flush=True)
            epoch += 1
            lost = diverged([e["loss"] for e in log["epochs"]], len(wnids))
            if lost:
                log["diverged"] = {"after_epoch": epoch, "why": lost}
                write_log(log_path, log)
                print(f"train: {lost}. Stopped after epoch {epoch} of {len(sched)}; the log is {log_path}. The recipe "
                      "does not train this network (training/attention_stats.py on its last.pt shows whether E-MHSA's "
                      "attention collapsed); a fair comparison needs one recipe that trains every variant, S included.",
                      file=sys.stderr, flush=True)
                sys.exit(EXIT_DIVERGED)
            if args.budget_min and not args.epochs and not segs and epoch < len(sched):
                # The budget is a promise: re-fit the rest to the epoch times measured so far.
                left = deadline - time.time()
                cost, final_s = epoch_cost(log["epochs"]), log.get("final_eval_s_est", 0)
                new = replan(sched, epoch, cost, left, final_s)
                if len(new) == len(sched):
                    new = regrow(recipe["sizes"], sched, epoch, cost, left, final_s)
                if len(new) != len(sched):
                    # The decay continues from the current lr to zero at the new end (no jump either way). Inside the
                    # warm-up the plain schedule is kept at the new length instead: anchoring there would freeze the
                    # peak below the recipe's lr (the shipped S's re-plan after epoch 1 capped its peak at 1.14e-3).
                    step = epoch * steps_per_epoch
                    if anchor is not None or step >= warmup_steps(total, recipe):
                        anchor = (step, lr_at(step, total, recipe, anchor))
                    print(f"train: {'behind' if len(new) < len(sched) else 'ahead of'} the budget, "
                          f"{abs(len(sched) - len(new))} epoch(s) {'dropped' if len(new) < len(sched) else 'added'}; "
                          f"schedule now {new[epoch:]}", flush=True)
                    sched, total = new, len(new) * steps_per_epoch
                    log["schedule"], log["lr_anchor"] = sched, anchor
                    log.setdefault("replans", []).append({"after_epoch": epoch, "schedule": sched, "anchor": anchor})
            checkpoint(epoch)
            t_saved = time.time()
            if stop.reason:  # the signal came during the last step, the evaluation or the save: the epoch is kept
                print(f"train: stopped ({stop.reason}) after epoch {epoch} of {len(sched)}; {ckpt_path} holds it: "
                      "run the same command with --resume to go on", flush=True)
                sys.exit(EXIT_STOPPED)

    calib = torch.randperm(len(yt), generator=torch.Generator().manual_seed(args.seed + 2))[:recipe["bn_calib_images"]]
    choose_and_measure(trainer.model, trainer.ema, log, xh, yh, vx, vy, device, recipe, args.out, xt[calib], trainer.amp)
    log["wall_s_total_incl_eval"] = wall_before + time.time() - t_run
    write_log(log_path, log)


if __name__ == "__main__":
    main()

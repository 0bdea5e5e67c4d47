"""A run whose training loss has climbed back to chance is spent: stop it and say so, rather than burn the rest of
its budget. Seen here: Next-ViT-S with r = 0.5 under the shipped S's recipe (cpu-probe: peak lr 1.14e-3 at batch 64,
no gradient clipping) fell to loss 1.92 in two epochs, then rose to 2.30 = ln 10 by epoch 4 and stayed there (EMA val
subset 41% -> 9%); Swin-T did the same under that recipe (recipes.py)."""
import math

# Chance for C classes is ln C (uniform predictions, also with label smoothing). A run counts as diverged once its
# loss had fallen below LEARNED of chance and then `patience` consecutive epochs averaged at least CHANCE of it.
LEARNED, CHANCE = 0.90, 0.97


def diverged(losses, num_classes, patience=2):
    """Why the run is lost (a sentence), or None. `losses`: each epoch's mean training loss, in order."""
    chance = math.log(num_classes)
    if len(losses) < patience + 1:
        return None
    best = min(losses[:-patience])
    tail = losses[-patience:]
    if best < LEARNED * chance and all(x >= CHANCE * chance for x in tail):
        first = len(losses) - patience + 1
        return (f"diverged: the training loss fell to {best:.3f} and then rose back to chance (ln {num_classes} = "
                f"{chance:.3f}): {', '.join(f'{x:.3f}' for x in tail)} in epochs {first}-{len(losses)}")
    return None

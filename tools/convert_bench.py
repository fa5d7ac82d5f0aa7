"""Memory and time of torchvision CNNs converted by `spectralize` (every conv a `SpecConv`), beside the spatial model and its peers.

`python tools/convert_bench.py [--models resnet18_cifar resnet18 mobilenet_v2] [--bs 64] [--size 32] [--rounds 5] [--json FILE]`

A name is a torchvision model, or `resnet18_cifar` (specnet's ResNet-18 for 32x32 images: 3x3 stem, no max pooling).

Per contender: activation memory (`activation_memory`), bytes kept after forward and the peak of a training step (a fresh process
each, `step_memory`), and seconds per step (median of interleaved rounds in this process), each beside the spatial model as a ratio.
Random weights, random inputs; run it on a quiet machine."""
import argparse, copy, json, warnings
import torch, torchvision
from specnet.models import spectralize, resnet18_cifar
from specnet.memory import activation_memory, step_memory
from specnet.bench import SavedBF16, step_seconds

def contenders(name, beta):
    "The spatial model, its bfloat16-saved peer and its conversions (batch norms as they are, float16, float8, fused, fused+float8), by name"
    torch.manual_seed(0)
    spatial = resnet18_cifar() if name == "resnet18_cifar" else getattr(torchvision.models, name)(num_classes=10)
    return {"spatial": spatial, "saved in bfloat16": SavedBF16(copy.deepcopy(spatial)),
            f"SpecConv beta={beta}": spectralize(spatial, beta=beta, value_dtype=torch.float16)[0],
            **{f"SpecConv beta={beta}, norm {norm}": spectralize(spatial, beta=beta, value_dtype=torch.float16, compact_norm=norm)[0]
               for norm in (True, 'float8', 'fused', 'fused+float8')}}

def bench(name, bs, size, beta, rounds):
    "Rows of the table for one architecture"
    x, models = torch.randn(bs, 3, size, size), contenders(name, beta)
    rows = {}
    for label, model in models.items():
        if isinstance(model, SavedBF16): model(x); act = model.last_saved_bytes
        else: act = activation_memory(model, x)
        rows[label] = dict(act=act, kept_peak=step_memory(model, x))
    for label, s in step_seconds(models, x, rounds).items(): rows[label]["seconds"] = s
    return rows

def show(name, rows):
    base = rows["spatial"]
    print(f"\n{name}: activation MiB, kept after forward, peak of a step, seconds per step (ratio to spatial)")
    for label, r in rows.items():
        kept, peak = r["kept_peak"]
        print(f"  {label:<36}{r['act']/2**20:8.1f} ({r['act']/base['act']:.2f}){kept/2**20:8.1f} ({kept/base['kept_peak'][0]:.2f})"
              f"{peak/2**20:8.1f} ({peak/base['kept_peak'][1]:.2f}){r['seconds']:8.3f} ({r['seconds']/base['seconds']:.2f}x)")

if __name__ == "__main__":
    warnings.filterwarnings("ignore", category=UserWarning)
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--models", nargs="+", default=["resnet18_cifar", "resnet18", "mobilenet_v2"])
    p.add_argument("--bs", type=int, default=64); p.add_argument("--size", type=int, default=32)
    p.add_argument("--beta", type=float, default=0.05); p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--json", default=None, help="also write the figures (MiB and seconds per step) to this JSON file")
    a = p.parse_args()
    print(f"batch {a.bs} of {a.size}x{a.size}, torch {torch.__version__}, {torch.get_num_threads()} threads")
    results = dict(bs=a.bs, size=a.size, beta=a.beta, torch=torch.__version__, threads=torch.get_num_threads(), models={})
    for name in a.models:
        rows = bench(name, a.bs, a.size, a.beta, a.rounds)
        show(name, rows)
        results["models"][name] = {label: dict(act_mib=r["act"] / 2**20, kept_mib=r["kept_peak"][0] / 2**20, peak_mib=r["kept_peak"][1] / 2**20,
                                               seconds=r["seconds"]) for label, r in rows.items()}
        if a.json: open(a.json, "w").write(json.dumps(results, indent=1))

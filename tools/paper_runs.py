#!/usr/bin/env python
"""Train the runs behind nbs/tutorials/paper_figures.ipynb: one JSON per run, resumable (finished runs are skipped).

    python tools/paper_runs.py ablation      # LeNet-5 / Fashion-MNIST, each lever alone and combined, 5 epochs
    python tools/paper_runs.py beta          # LeNet-5 / Fashion-MNIST over beta, 10 epochs (Fig. 3 and 4)
    python tools/paper_runs.py cifar --cifar cifar10.npz   # AlexNet / CIFAR-10: 4 epochs on 20,000 images, beta 0.05, lr 1e-2 and 1e-3 (about an hour on two CPU cores)
    python tools/paper_runs.py probe --cifar cifar10.npz   # AlexNet / CIFAR-10: 1 epoch on 5,000 images per lever (activation, learning rate)
    python tools/paper_runs.py probe3 --cifar cifar10.npz  # AlexNet, VGG-16, DenseNet / CIFAR-10: 3 epochs on 5,000 images per lever
    python tools/paper_runs.py engine --cifar cifar10.npz  # the spatial route: LeNet-5 10 epochs (Fashion-MNIST), VGG-16 probe3 seed 0, same day as their twins
    python tools/paper_runs.py resnet_probe --cifar cifar10.npz  # ResNet-18 (CIFAR form) converted: batch norms fused or float8, probe3's protocol, seeds 0 and 1
    python tools/paper_runs.py fig3 --cifar cifar10.npz    # the paper's Fig. 3 for VGG-16 and DenseNet: the twins' defaults over beta, probe3's protocol
    python tools/paper_runs.py converged --cifar cifar10.npz  # 15 epochs on 20,000 images: ResNet-18 and VGG-16 two seeds, DenseNet one (a day on two CPU cores)

A run saves a checkpoint beside its JSON after every epoch (name.ckpt.pth), so a stopped grid, rerun, continues from the
last finished epoch; the checkpoint is deleted once the JSON is written.

Needs Debian's dataset-fashion-mnist (or --fashion PATH) and, for `cifar`, a CIFAR-10 .npz (--cifar PATH).
"""
import argparse, warnings
warnings.filterwarnings("ignore", message=r".*torch\.jit\.script.*", category=FutureWarning)
from pathlib import Path
from specnet.cli import run_grid

RUNS = Path(__file__).resolve().parent.parent/"nbs"/"tutorials"/"runs"

def ablation(fashion, cifar):
    "Each lever alone and combined, at one beta, against the spatial twin with the same recipe"
    base = dict(arch="lenet5", data="fashion-mnist", path=fashion, epochs=5, beta=0.25, act="tanh")
    paper = dict(norm=False, relu=False, threshold_first=False, straight_through=False)
    levers = {
        "paper":              paper,
        "norm":               dict(paper, norm=True),
        "first":              dict(paper, threshold_first=True),
        "relu":               dict(paper, relu=True),
        "relu-first":         dict(paper, relu=True, threshold_first=True),
        "norm-relu-first":    dict(norm=True, relu=True, threshold_first=True),
        "first-st":           dict(paper, threshold_first=True, straight_through=True),
        "relu-first-st":      dict(paper, relu=True, threshold_first=True, straight_through=True),
        "norm-first-st":      dict(paper, norm=True, threshold_first=True, straight_through=True),
        "norm-relu-first-st": dict(norm=True, relu=True, threshold_first=True, straight_through=True),
        "default-identity":   dict(act="identity"),
        "default-asinh":      dict(act="asinh"),
        "default-lr3e-3":     dict(lr=3e-3),
        "default-wd0.1":      dict(wd=0.1),
    }
    runs = {"ablation-spatial": dict(base, spec=False)}
    runs.update({f"ablation-{name}": dict(base, **kw) for name, kw in levers.items()})
    return runs

def beta(fashion, cifar):
    "The default Spec twin over beta, and the spatial twin, trained the same way"
    base = dict(arch="lenet5", data="fashion-mnist", path=fashion, epochs=10, act="tanh")
    runs = {"beta-lenet5-spatial": dict(base, spec=False)}
    runs.update({f"beta-lenet5-{b}": dict(base, beta=b) for b in (0.1, 0.05)})
    runs["beta-lenet5-0.05-fp16"] = dict(base, beta=0.05, value_dtype="float16")
    runs.update({f"beta-lenet5-{b}": dict(base, beta=b) for b in (0.25, 0.5, 1.5)})
    runs.update({f"beta-lenet5-{b}-identity": dict(base, beta=b, act="identity") for b in (0.05, 0.25)})   # the identity, as on CIFAR-10
    return runs

def cifar(fashion, cifar):
    "The deeper twins on the CPU: AlexNet on the 20,000 CIFAR-10 training images we have, 4 epochs, tested on all 10,000, beside its spatial twin"
    base = dict(arch="alexnet", data="cifar10", path=cifar, epochs=4, lr=1e-2, act="tanh")   # train_run's defaults for every arch then
    runs = {"cifar-alexnet-spatial": dict(base, spec=False), "cifar-alexnet-0.05": dict(base, beta=0.05)}
    runs["cifar-alexnet-0.05-lr1e-3"] = dict(base, beta=0.05, lr=1e-3)     # the probe below: the default 1e-2 does not train the twin
    runs["cifar-alexnet-spatial-lr1e-3"] = dict(base, spec=False, lr=1e-3)
    runs["cifar-alexnet-identity-lr1e-3"] = dict(base, beta=0.05, lr=1e-3, act="identity")   # probe3: the spectral tanh is what costs accuracy
    return runs

def probe(fashion, cifar):
    "Why the default SpecAlexNet does not learn on CIFAR-10: one epoch on 5,000 images, one lever at a time"
    base = dict(arch="alexnet", data="cifar10", path=cifar, epochs=1, n_train=5000, n_valid=2000, beta=0.05, lr=1e-2, act="tanh")
    levers = {"tanh": {}, "asinh": dict(act="asinh"), "identity": dict(act="identity"), "tanh-lr1e-3": dict(lr=1e-3)}
    runs = {"probe-alexnet-spatial": dict(base, spec=False)}
    runs.update({f"probe-alexnet-{name}": dict(base, **kw) for name, kw in levers.items()})
    return runs

def probe3(fashion, cifar):
    "Levers against the gap that opens after the first epoch: three epochs on 5,000 images at lr 1e-3, one lever at a time"
    base = dict(arch="alexnet", data="cifar10", path=cifar, epochs=3, n_train=5000, n_valid=2000, beta=0.05, lr=1e-3, act="tanh")
    runs = {"probe3-alexnet-spatial": dict(base, spec=False), "probe3-alexnet-default": dict(base),
            "probe3-alexnet-lr3e-3": dict(base, lr=3e-3)}
    runs.update({"probe3-alexnet-bn": dict(base, batch_norm=True), "probe3-alexnet-bn-noinput": dict(base, batch_norm=True, norm=False),
                 "probe3-alexnet-bn-lr3e-3": dict(base, batch_norm=True, lr=3e-3), "probe3-alexnet-bn-lr1e-2": dict(base, batch_norm=True, lr=1e-2)})
    runs.update({"probe3-alexnet-perconv-identity": dict(base, per_conv=True, act="identity"), "probe3-alexnet-perconv": dict(base, per_conv=True),
                 "probe3-alexnet-perconv-bn-identity": dict(base, per_conv=True, act="identity", batch_norm=True, norm=False)})
    runs.update({"probe3-alexnet-asinh": dict(base, act="asinh"), "probe3-alexnet-identity": dict(base, act="identity")})
    vgg = dict(base, arch="vgg16", per_conv=False, compact_norm=False, head_norm=False)   # the one-pass layout, the deeper twins' default when these probes ran
    runs.update({"probe3-vgg16-spatial": dict(vgg, spec=False), "probe3-vgg16-tanh": dict(vgg, act="tanh"), "probe3-vgg16-identity": dict(vgg, act="identity")})
    runs.update({f"probe3-alexnet-identity-{b}": dict(base, act="identity", beta=b) for b in (0.25, 0.5)})
    runs.update({"probe3-vgg16-asinh": dict(vgg, act="asinh"), "probe3-vgg16-perconv-identity": dict(vgg, per_conv=True, act="identity"),
                 "probe3-vgg16-perconv-asinh": dict(vgg, per_conv=True, act="asinh")})
    runs.update({"probe3-vgg16-perconv-identity-0.25": dict(vgg, per_conv=True, act="identity", beta=0.25),
                 "probe3-vgg16-perconv-identity-noinput": dict(vgg, per_conv=True, act="identity", norm=False)})   # the spatial batch norms keep most
    dense = dict(base, arch="densenet", per_conv=False, compact_norm=False, head_norm=False)
    runs.update({"probe3-densenet-spatial": dict(dense, spec=False), "probe3-densenet-tanh": dict(dense, act="tanh")})
    runs.update({f"probe3-alexnet-identity-{b}": dict(base, act="identity", beta=b) for b in (1.0, 1.5)})
    runs["probe3-vgg16-perconv-identity-0.25-compact"] = dict(vgg, per_conv=True, act="identity", beta=0.25, compact_norm=True)   # the batch norms keep float16
    runs["probe3-vgg16-perconv-identity-0.15-compact"] = dict(vgg, per_conv=True, act="identity", beta=0.15, compact_norm=True)
    runs["probe3-vgg16-spatial-seed1"] = dict(runs["probe3-vgg16-spatial"], seed=1)   # a second seed: one run's SE is about 1.1 points
    runs["probe3-densenet-perconv-identity-0.5-compact"] = dict(dense, per_conv=True, act="identity", beta=0.5, compact_norm=True)   # a spatial ReLU between the dense layers
    runs["probe3-vgg16-perconv-identity-compact8"] = dict(vgg, per_conv=True, act="identity", compact_norm="float8")   # batch norms keep float8 normalized inputs
    runs["probe3-densenet-perconv-identity-compact8"] = dict(dense, per_conv=True, act="identity", compact_norm="float8")
    runs["probe3-vgg16-perconv-identity-compact8-seed1"] = dict(runs["probe3-vgg16-perconv-identity-compact8"], seed=1)
    runs["probe3-vgg16-perconv-identity-fused"] = dict(vgg, per_conv=True, act="identity", compact_norm="fused")   # the blocks normalize their inputs
    runs["probe3-densenet-perconv-identity-fused"] = dict(dense, per_conv=True, act="identity", compact_norm="fused")
    runs["probe3-vgg16-perconv-identity-fused-seed1"] = dict(runs["probe3-vgg16-perconv-identity-fused"], seed=1)
    runs["probe3-vgg16-spatial-seed2"] = dict(runs["probe3-vgg16-spatial"], seed=2)   # a third seed for the VGG-16 recipes
    runs["probe3-vgg16-perconv-identity-compact8-seed2"] = dict(runs["probe3-vgg16-perconv-identity-compact8"], seed=2)
    runs["probe3-densenet-spatial-seed1"] = dict(runs["probe3-densenet-spatial"], seed=1)   # a second seed for DenseNet
    runs["probe3-densenet-perconv-identity-fused-seed1"] = dict(runs["probe3-densenet-perconv-identity-fused"], seed=1)
    runs["probe3-vgg16-perconv-identity-fused-seed2"] = dict(runs["probe3-vgg16-perconv-identity-fused"], seed=2)
    runs["probe3-vgg16-tanh-seed1"] = dict(runs["probe3-vgg16-tanh"], seed=1)   # the one-pass layout in a second seed
    runs["probe3-densenet-spatial-seed2"] = dict(runs["probe3-densenet-spatial"], seed=2)   # a third seed for DenseNet
    runs["probe3-densenet-perconv-identity-fused-seed2"] = dict(runs["probe3-densenet-perconv-identity-fused"], seed=2)
    runs.update({f"probe3-vgg16-perconv-identity-compact8-beta0{'-seed%d' % k if k else ''}": dict(runs["probe3-vgg16-perconv-identity-compact8"], beta=0.0, seed=k)
                 for k in range(3)})   # no threshold: what the threshold costs VGG-16's default
    for k in range(3):   # a batch norm before the classifier, where the spatial twin normalizes its last conv's output
        seed = f"-seed{k}" if k else ""
        runs[f"probe3-vgg16-perconv-identity-compact8-head{seed}"] = dict(runs["probe3-vgg16-perconv-identity-compact8"], head_norm=True, seed=k)
        runs[f"probe3-vgg16-perconv-identity-fused-head{seed}"] = dict(runs["probe3-vgg16-perconv-identity-fused"], head_norm=True, seed=k)
    for k in range(3): runs[f"probe3-densenet-perconv-identity-fused-head{'-seed%d' % k if k else ''}"] = dict(runs["probe3-densenet-perconv-identity-fused"], head_norm=True, seed=k)
    return runs

def engine(fashion, cifar):
    "The runs that check the spatial route (issue 29): accuracy, memory and time beside the spatial twins, on one day and machine"
    lenet = dict(arch="lenet5", data="fashion-mnist", path=fashion, epochs=10, beta=0.05)
    runs = {"engine-lenet5-spatial": dict(lenet, spec=False),
            "engine-lenet5-tanh": dict(lenet, act="tanh", norm=False, relu=False, compact_norm=False),             # the former default: the spectral route
            "engine-lenet5-identity": dict(lenet, act="identity", norm=True, relu=True, compact_norm="fused")}      # the deeper twins' recipe: the spatial route
    vgg = dict(arch="vgg16", data="cifar10", path=cifar, epochs=3, n_train=5000, n_valid=2000, beta=0.05, lr=1e-3)   # probe3's protocol, seed 0
    runs.update({"engine-vgg16-spatial": dict(vgg, spec=False), "engine-vgg16-default": dict(vgg)})
    return runs

def resnet_probe(fashion, cifar):
    "Which batch norm the converted ResNet-18 takes: fused into the convs or float8 copies, beside the spatial model; three epochs on 5,000 images"
    base = dict(arch="resnet18", data="cifar10", path=cifar, epochs=3, n_train=5000, n_valid=2000, beta=0.05, lr=1e-3)   # probe3's protocol
    runs = {"probe3-resnet18-spatial": dict(base, spec=False), "probe3-resnet18-fused": dict(base, compact_norm="fused"),
            "probe3-resnet18-float8": dict(base, compact_norm="float8")}
    runs.update({f"{name}-seed1": dict(kw, seed=1) for name, kw in list(runs.items())})   # a second seed: one run's SE is about 1.1 points
    return runs

def fig3(fashion, cifar):
    "Relative memory and error against beta (the paper's Fig. 3) for VGG-16 and DenseNet: the twins' defaults at probe3's protocol, seed 0 (beta 0.05 and the spatial runs are probe3's)"
    base = dict(data="cifar10", path=cifar, epochs=3, n_train=5000, n_valid=2000, lr=1e-3)
    return {f"fig3-{arch}-{b}": dict(base, arch=arch, beta=b) for arch in ("vgg16", "densenet") for b in (0.1, 0.25, 0.5, 1.0)}

def converged(fashion, cifar):
    "Trained to a plateau: 15 epochs of fit_one_cycle on the 20,000 training images, tested on all 10,000, the package defaults, each twin beside its spatial model with the same seed"
    base = dict(data="cifar10", path=cifar, epochs=15, beta=0.05)
    runs = {}
    for arch, seeds in (("resnet18", (0, 1)), ("vgg16", (0, 1)), ("densenet", (0,))):
        for k in seeds:
            seed = f"-seed{k}" if k else ""
            runs[f"converged-{arch}-spatial{seed}"] = dict(base, arch=arch, spec=False, seed=k)
            runs[f"converged-{arch}-spec{seed}"] = dict(base, arch=arch, seed=k)
    return runs

if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("grid", choices=["ablation", "beta", "cifar", "probe", "probe3", "engine", "resnet_probe", "fig3", "converged"])
    p.add_argument("--fashion", default=None, help="folder of Fashion-MNIST's IDX files (default: Debian's)")
    p.add_argument("--cifar", default=None, help="CIFAR-10 .npz (x_train, y_train, x_test, y_test)")
    p.add_argument("--out", default=str(RUNS), help="folder for the JSON results")
    a = p.parse_args()
    run_grid(globals()[a.grid](a.fashion, a.cifar), a.out, log=lambda msg: print(msg, flush=True))

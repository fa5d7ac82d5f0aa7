#!/usr/bin/env bash
# Every GPU check and benchmark of specnet in one command, for a machine with a CUDA GPU and specnet installed
# (pip install -e ".[dev]"): the cuda-flagged notebook cells, then the peer tables on the GPU.
# Usage: bash tools/gpu_bench.sh path/to/cifar10.npz [out_dir]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:?"give the path of a CIFAR-10 .npz (x_train as (N, 32, 32, 3) uint8)"}
out=${2:-gpu_results}
mkdir -p "$out"
python -c "import torch; assert torch.cuda.is_available(), 'no CUDA GPU is visible'; print(torch.cuda.get_device_name(), torch.__version__)"
nbdev_test --flags cuda --path nbs/02f_spatial_route.ipynb
nbdev_test --flags cuda --path nbs/06_callbacks.ipynb
for model in vgg16 densenet; do
  for bs in 64 256; do
    specnet_bench --model "$model" --bs "$bs" --device cuda --data "$data" --out "$out/$model-$bs.json" --force
  done
done
specnet_bench --model vgg16 --bs 64 --stages --device cuda --data "$data" --out "$out/vgg16-stages.json" --force

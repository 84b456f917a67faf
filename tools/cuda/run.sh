#!/usr/bin/env bash
# `sosae bench perf` on CUDA beside the Python peer on the same GPU, then both on the host's CPUs,
# on a machine with a CUDA PyTorch (pip) and no JVM. Unpacks the bundle of tools/cuda/bundle.sh,
# builds DJL's JNI against that machine's libtorch (DJL's prebuilt one links only against the
# libtorch version it was made for), and points DJL at the pip libtorch.
#   tools/cuda/run.sh [bundle (default .gpu/bundle.tar.xz)] [out (default $OUT, else reports/cuda)]
# Writes log.txt, one JSON per run and summary.md (project / peer ratios) to out.
set -u
root="$(cd "$(dirname "$0")/../.." && pwd)"
bundle="$(realpath "${1:-$root/.gpu/bundle.tar.xz}")"
out="${2:-${OUT:-$root/reports/cuda}}"
mkdir -p "$out"
exec > >(tee "$out/log.txt") 2>&1
t0=$(date +%s); say() { echo "[$(( $(date +%s) - t0 ))s] $*"; }
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
work=/tmp/sosae-cuda; rm -rf "$work"; mkdir -p "$work"; tar -xJf "$bundle" -C "$work"
py=python3
torch_dir=$($py -c 'import torch, os; print(os.path.dirname(torch.__file__))')
torch_version=$($py -c 'import torch; print(torch.__version__.split("+")[0])')
say "torch $($py -c 'import torch; print(torch.__version__, "CUDA", torch.version.cuda)'), $(nproc) CPUs, $(cmake --version | head -1)"

# DJL's JNI, built against this libtorch (about 40 s on 16 cores)
native=$work/jni/engines/pytorch/pytorch-native; build=$native/build/cmake
JAVA_HOME=$work/jre cmake -S "$native" -B "$build" -DCMAKE_POLICY_VERSION_MINIMUM=3.5 -DCMAKE_BUILD_TYPE=Release -DUSE_CUDA=1 \
  -DCMAKE_PREFIX_PATH="$($py -c 'import torch; print(torch.utils.cmake_prefix_path)')" > "$work/cmake.log" 2>&1 \
  || { tail -30 "$work/cmake.log"; exit 3; }
make -C "$build" -j "$(nproc)" > "$work/make.log" 2>&1 || { grep -m 20 -A3 error "$work/make.log"; exit 3; }
# DJL loads the JNI from the libtorch folder it is given: put it there for this run only
lib=$torch_dir/lib
cp "$build/libdjl_torch.so" "$lib/" || { echo "cannot write to $lib" >&2; exit 3; }
trap 'rm -f "$lib/libdjl_torch.so"' EXIT
say "JNI built for torch $torch_version"
# DJL counts GPUs through JNA's libcudart.so: give it the runtime torch itself uses
cudart=$(find "$(dirname "$torch_dir")" /usr/local/cuda/lib64 -name 'libcudart.so*' 2>/dev/null | head -1)
mkdir -p "$work/cudart"; ln -sf "$cudart" "$work/cudart/libcudart.so"
export PYTORCH_LIBRARY_PATH=$lib PYTORCH_VERSION=$torch_version PYTORCH_FLAVOR="cu$($py -c "import torch; print(torch.version.cuda.replace('.', ''))")" DJL_CACHE_DIR=$work/djl
threads=$(nproc); export OMP_NUM_THREADS=$threads
sosae() {
  "$work/jre/bin/java" -Xmx16g -Djna.library.path="$work/cudart" -Dai.djl.offline=true \
    -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "$work/cp/*" io.sosae.tools.cli.SosaeCli "$@"
}
project() { # device name memory-epochs: bench perf exits 4 when its ratio target is missed; the report is what counts
  sosae bench perf --device "$1" --memory-epochs "$3" --out "$work/$2"; say "bench perf $1: exit $?"
  cp "$work/$2/report.json" "$out/$2.json" || exit 4
}
peer() { $py "$root/tools/peer/sosae_peer.py" --device "$1" --threads "$threads" > "$out/$2.json" || exit 5; say "peer $1 done"; }
project gpu project-gpu-1 50; peer cuda peer-gpu-1
project gpu project-gpu-2 0;  peer cuda peer-gpu-2
project cpu project-cpu 0;    peer cpu peer-cpu
$py - "$out" <<'PY'
import json, sys
out = sys.argv[1]
rows = ["| run | training samples/s (project / peer) | ratio | encode samples/s (project / peer) | ratio | matmul 2048^2 GFLOP/s (project / peer) |",
        "| --- | --- | --- | --- | --- | --- |"]
for run in ["gpu-1", "gpu-2", "cpu"]:
    a = json.load(open(f"{out}/project-{run}.json")); b = json.load(open(f"{out}/peer-{run}.json"))
    rows.append(f"| {run} | {a['trainSamplesPerSecond']:,.0f} / {b['trainSamplesPerSecond']:,.0f} | "
                f"{a['trainSamplesPerSecond'] / b['trainSamplesPerSecond']:.2f} | "
                f"{a['encodeSamplesPerSecond']:,.0f} / {b['encodeSamplesPerSecond']:,.0f} | "
                f"{a['encodeSamplesPerSecond'] / b['encodeSamplesPerSecond']:.2f} | "
                f"{a['matmulGflops']:,.0f} / {b['matmulGflops']:,.0f} |")
g = json.load(open(f"{out}/project-gpu-1.json"))
rows.append(f"\nGPU {json.load(open(f'{out}/peer-gpu-1.json'))['device']}; host {g['cpu']}; peer {b['engine']} ({b['blas']} on the CPU); "
            f"project on the same libtorch through DJL. Resident memory over {len(g['rssMiB'])} GPU epochs: "
            f"growth {g['rssGrowthMiB']:.1f} MiB, slope {g['rssSlopeMiBPerEpoch']:.3f} MiB/epoch")
open(f"{out}/summary.md", "w").write("\n".join(rows) + "\n")
print("\n".join(rows))
PY
say done

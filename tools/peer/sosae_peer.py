#!/usr/bin/env python3
"""The Python PyTorch peer of `./sosae bench perf`: the same model and step, written the way a
PyTorch user would (autograd, torch.optim.Adam), timed the same way.

Model: SOSAE 784 -> 400 -> 784, ReLU code, sigmoid output, MAE reconstruction plus the push
penalty lambda * sum_k (1 + alpha)^k |h_k| (lambda 1e-4, alpha 0.02), unit-norm decoder rows after
every step, Adam 1e-3, batch 256 of uniform random data. Rounds alternate a 2048^2 matmul rate and
a training rate (200 steps each, after 200 warm-up steps); then encode throughput (batch 256,
no grad). Prints one JSON object (the medians, every round, the host).

    python3 tools/peer/sosae_peer.py [--threads 2] [--rounds 5] [--device cuda]

On a GPU every timed loop ends with torch.cuda.synchronize(): kernels return at launch.
"""
import argparse
import json
import os
import platform
import statistics
import time

import torch


def synchronize(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def matmul_gflops(size, device, repeats=10):
    a = torch.rand(size, size, device=device)
    b = torch.rand(size, size, device=device)
    torch.mm(a, b)
    synchronize(device)
    start = time.perf_counter()
    for _ in range(repeats):
        torch.mm(a, b)
    synchronize(device)
    seconds = time.perf_counter() - start
    return 2.0 * size ** 3 * repeats / seconds / 1e9


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def blas():
    for line in torch.__config__.show().splitlines():
        if "BLAS_INFO" in line:
            return line.split("=", 1)[1].split(",")[0].strip()
    return "unknown"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--steps", type=int, default=200)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--input-dim", type=int, default=784)
    p.add_argument("--capacity", type=int, default=400)
    p.add_argument("--matmul-size", type=int, default=2048)
    p.add_argument("--device", default="cpu", help="cpu or cuda[:N]")
    args = p.parse_args()
    device = torch.device(args.device)
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    n, d, b = args.input_dim, args.capacity, args.batch

    encoder = torch.nn.Linear(n, d).to(device)
    decoder = torch.nn.Linear(d, n).to(device)
    with torch.no_grad():
        decoder.weight.div_(decoder.weight.norm(dim=0, keepdim=True).clamp_min(1e-12))
    push = 1e-4 * (1.02 ** torch.arange(d, dtype=torch.float32, device=device))
    optimizer = torch.optim.Adam(list(encoder.parameters()) + list(decoder.parameters()), lr=1e-3)
    x = torch.rand(b, n, device=device)

    def step():
        h = torch.relu(encoder(x))
        y = torch.sigmoid(decoder(h))
        loss = (x - y).abs().mean() + (h.abs() * push).sum(dim=1).mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        with torch.no_grad():  # unit-norm decoder columns: one latent unit's output direction each
            decoder.weight.div_(decoder.weight.norm(dim=0, keepdim=True).clamp_min(1e-12))

    for _ in range(args.steps):
        step()
    flops_per_step = 10.0 * b * n * d
    rounds = []
    for _ in range(args.rounds):
        matmul = matmul_gflops(args.matmul_size, device)
        synchronize(device)
        start = time.perf_counter()
        for _ in range(args.steps):
            step()
        synchronize(device)
        sps = args.steps * b / (time.perf_counter() - start)
        gflops = sps / b * flops_per_step / 1e9
        rounds.append({"matmulGflops": matmul, "trainSamplesPerSecond": sps, "trainGflops": gflops,
                       "ratio": gflops / matmul})
    with torch.no_grad():
        for _ in range(20):
            torch.relu(encoder(x))
        synchronize(device)
        start = time.perf_counter()
        for _ in range(args.steps):
            torch.relu(encoder(x))
        synchronize(device)
        encode = args.steps * b / (time.perf_counter() - start)
    print(json.dumps({
        "engine": "PyTorch " + torch.__version__,
        "blas": blas(),
        "libblas": os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3"),
        "cpu": cpu_name(),
        "cpus": os.cpu_count(),
        "threads": args.threads,
        "device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
        "rounds": rounds,
        "matmulGflops": statistics.median(r["matmulGflops"] for r in rounds),
        "trainSamplesPerSecond": statistics.median(r["trainSamplesPerSecond"] for r in rounds),
        "encodeSamplesPerSecond": encode,
    }, indent=2))


if __name__ == "__main__":
    main()

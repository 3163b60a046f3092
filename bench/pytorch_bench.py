#!/usr/bin/python3
"""PyTorch side of `bin/mnasnet bench`: torchvision MnasNet, inference and training throughput.

Prints ONE JSON object on stdout (progress goes to stderr). Run it with Debian's python3
(`/usr/bin/python3`, packages python3-torch + python3-torchvision); `bin/mnasnet bench` preloads
jemalloc (LD_PRELOAD) and sets the thread count, as it does for TensorFlow.

  pytorch_bench.py infer --arch mnasnet1_0 --classes 1000 --size 224 --batches 1,8,32,64 \
      --seconds 2 --repetitions 3 --threads 2
  pytorch_bench.py train --arch mnasnet0_5 --classes 10 --size 32 --batch 128 \
      --seconds 5 --repetitions 3 --threads 2
  pytorch_bench.py loader --images DIR --workers 2 --batch 64 --seconds 5 --repetitions 3

Inference: random weights, the model traced with torch.jit.trace and frozen
(torch.jit.freeze) in eval mode, run under torch.inference_mode(). Training: SGD with Nesterov
momentum, weight decay 4e-5, cross-entropy with label smoothing 0.1 (the Java trainer's default
recipe), dropout 0.2 (torchvision's), random inputs and labels already in memory (no data loader, so PyTorch
never waits for data: its figure is an upper bound for an input pipeline). Loader: the input
pipeline alone, torchvision's ImageFolder with the standard ImageNet training transforms
(RandomResizedCrop(224), RandomHorizontalFlip, ToTensor, Normalize; PIL decodes the whole JPEG)
through a DataLoader with --workers worker processes (persistent, pinned to nothing), batches
consumed by a loop that does nothing else; CPU time is the main process's plus its workers'
(/proc), per image.
"""

import argparse
import json
import os
import platform
import resource
import sys
import time

import torch
import torchvision


def log(message):
    print(message, file=sys.stderr, flush=True)


def rss_bytes():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def build(arch, classes):
    constructor = getattr(torchvision.models, arch)
    return constructor(num_classes=classes)


def timed_loop(step, images_per_step, seconds, min_calls=2):
    """Runs step() for at least `seconds` (and at least min_calls times); returns images/s."""
    start = time.perf_counter()
    images = 0
    calls = 0
    while time.perf_counter() - start < seconds or calls < min_calls:
        step()
        images += images_per_step
        calls += 1
    return images / (time.perf_counter() - start)


def infer(args):
    model = build(args.arch, args.classes).eval()
    results = []
    for batch in args.batches:
        example = torch.randn(batch, 3, args.size, args.size)
        with torch.inference_mode():
            traced = torch.jit.freeze(torch.jit.trace(model, example))
            for _ in range(2):  # warm-up: the profiling executor optimises on the first calls
                traced(example)
            rss_before = rss_bytes()
            rates = [
                timed_loop(lambda: traced(example), batch, args.seconds)
                for _ in range(args.repetitions)
            ]
            rss_after = rss_bytes()
        log(f"{args.arch} {args.size}x{args.size} batch {batch}: "
            + ", ".join(f"{rate:.1f}" for rate in rates) + " images/s")
        results.append({
            "batch": batch,
            "imagesPerSecond": rates,
            "rssBeforeBytes": rss_before,
            "rssAfterBytes": rss_after,
        })
    return {"mode": "infer", "results": results}


def train(args):
    model = build(args.arch, args.classes).train()
    # as the TensorFlow side's default TrainingRecipe: Nesterov SGD, weight decay, label smoothing
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True,
                                weight_decay=4e-5)
    loss_function = torch.nn.CrossEntropyLoss(label_smoothing=0.1)
    images = torch.randn(args.batch, 3, args.size, args.size)
    labels = torch.randint(0, args.classes, (args.batch,))

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_function(model(images), labels)
        loss.backward()
        optimizer.step()

    for _ in range(2):  # warm-up, as on the TensorFlow side
        step()
    rates = [timed_loop(step, args.batch, args.seconds, min_calls=1)
             for _ in range(args.repetitions)]
    log(f"train {args.arch} {args.size}x{args.size} batch {args.batch}: "
        + ", ".join(f"{rate:.1f}" for rate in rates) + " images/s")
    return {"mode": "train", "batch": args.batch, "imagesPerSecond": rates,
            "dataWaitFraction": 0.0, "peakRssBytes": rss_bytes()}


def cpu_ms(pids):
    total = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) * 1000.0 / os.sysconf("SC_CLK_TCK")
        except FileNotFoundError:
            pass
    return total


def loader(args):
    from torchvision import datasets, transforms
    transform = transforms.Compose([
        transforms.RandomResizedCrop(224),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ])
    dataset = datasets.ImageFolder(args.images, transform)
    data = torch.utils.data.DataLoader(dataset, batch_size=args.batch, shuffle=True,
                                       num_workers=args.workers, drop_last=True,
                                       persistent_workers=args.workers > 0)
    state = {"iterator": iter(data)}

    def next_batch():
        try:
            return next(state["iterator"])
        except StopIteration:
            state["iterator"] = iter(data)
            return next(state["iterator"])

    def images_for(seconds):
        deadline = time.perf_counter() + seconds
        count = 0
        while True:
            images, _ = next_batch()
            count += images.shape[0]
            if time.perf_counter() >= deadline:
                return count

    def pids():
        workers = getattr(state["iterator"], "_workers", [])
        return [os.getpid()] + [w.pid for w in workers]

    images_for(args.warmup_seconds)
    rates, cpu = [], []
    for _ in range(args.repetitions):
        before = cpu_ms(pids())
        start = time.perf_counter()
        count = images_for(args.seconds)
        rates.append(count / (time.perf_counter() - start))
        cpu.append((cpu_ms(pids()) - before) / count)
    log("loader: " + ", ".join(f"{r:.1f} images/s ({c:.2f} ms CPU)" for r, c in zip(rates, cpu)))
    return {"mode": "loader", "loader": f"PyTorch DataLoader, {args.workers} worker processes,"
            f" torchvision RandomResizedCrop(224) + flip + ToTensor + Normalize on PIL",
            "workers": args.workers, "batch": args.batch, "imagesPerSecond": rates,
            "cpuMsPerImage": cpu}


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["infer", "train", "loader"])
    parser.add_argument("--arch", choices=["mnasnet0_5", "mnasnet1_0"], default="mnasnet1_0")
    parser.add_argument("--images", help="loader: an image-folder tree")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warmup-seconds", type=float, default=5.0)
    parser.add_argument("--classes", type=int, default=1000)
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--batches", type=lambda text: [int(b) for b in text.split(",")],
                        default=[1, 8, 32, 64])
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    if args.mode == "loader":
        result = loader(args)
    else:
        result = train(args) if args.mode == "train" else infer(args)
    result.update({
        "arch": args.arch,
        "classes": args.classes,
        "imageSize": args.size,
        "threads": torch.get_num_threads(),
        "torchVersion": torch.__version__,
        "torchvisionVersion": torchvision.__version__,
        "python": platform.python_version(),
        "jemalloc": "jemalloc" in os.environ.get("LD_PRELOAD", ""),
        "maxRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    })
    print(json.dumps(result))


if __name__ == "__main__":
    main()

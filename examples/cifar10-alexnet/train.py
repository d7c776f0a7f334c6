#!/usr/bin/env python3
"""Trains the reference CIFAR-10 AlexNet and exports it as ONNX with its preprocessing.json.

Run by the train action (params arrive as MLOPS_PARAM_<NAME>, metrics go to MLOPS_METRICS_FILE, the model to
MLOPS_MODEL_DIR) or by hand:

    python3 examples/cifar10-alexnet/train.py --epochs 8            # CIFAR-10, downloaded when absent
    python3 examples/cifar10-alexnet/train.py --synthetic 512 --epochs 1   # random data, for a smoke test

Nothing is pickled: the model leaves as model.onnx (weights and graph, no code).
"""

import argparse
import copy
import hashlib
import inspect
import json
import os
import sys
import tarfile
import time
import urllib.request
from pathlib import Path

import torch
from torch import nn

# The official archive and its MD5 as published on the dataset's page; CIFAR10_URL and CIFAR10_MD5 name a mirror.
CIFAR10_URL = os.environ.get("CIFAR10_URL", "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")
CIFAR10_MD5 = os.environ.get("CIFAR10_MD5", "c32a1d4ab5d03f1284b67883e8d87530")
CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
MEAN = [0.4914, 0.4822, 0.4465]
STD = [0.2470, 0.2435, 0.2616]
RECORD = 1 + 3 * 32 * 32


class AlexNet(nn.Module):
    """The reference architecture: 7,506,762 parameters."""

    def __init__(self, classes: int = 10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 64, 3, padding=1), nn.MaxPool2d(2), nn.ReLU(inplace=True),
            nn.Conv2d(64, 192, 3, padding=1), nn.MaxPool2d(2), nn.ReLU(inplace=True),
            nn.Conv2d(192, 384, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(384, 256, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(256, 256, 3, padding=1), nn.MaxPool2d(2), nn.ReLU(inplace=True),
        )
        self.classifier = nn.Sequential(
            nn.Dropout(0.5), nn.Linear(256 * 4 * 4, 1024), nn.ReLU(inplace=True),
            nn.Dropout(0.5), nn.Linear(1024, 1024), nn.ReLU(inplace=True),
            nn.Linear(1024, classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(torch.flatten(self.features(x), 1))


def option(parser: argparse.ArgumentParser, name: str, kind, default, help_text: str) -> None:
    """A flag whose default comes from the train action's MLOPS_PARAM_<NAME> variable when set."""
    variable = "MLOPS_PARAM_" + name.upper().replace("-", "_")
    parser.add_argument("--" + name, type=kind, default=kind(os.environ.get(variable, default)), help=f"{help_text} (env {variable})")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    option(parser, "epochs", int, 8, "passes over the training set")
    option(parser, "batch-size", int, 256, "images per step")
    option(parser, "learning-rate", float, 1e-3, "Adam step size")
    option(parser, "seed", int, 1234, "seed of initialisation, split and shuffling")
    option(parser, "synthetic", int, 0, "train on this many random images instead of CIFAR-10")
    option(parser, "validation", int, 5000, "training images held out to pick the best epoch")
    parser.add_argument("--data-dir", default=os.environ.get("CIFAR10_DIR", "data/cifar-10"), help="where the binary CIFAR-10 lies (downloaded when absent)")
    parser.add_argument("--out", default=os.environ.get("MLOPS_MODEL_DIR", "model_artifacts"), help="where model.onnx and preprocessing.json go")
    parser.add_argument("--reference-outputs", help="also write PyTorch's outputs on fixed inputs here (JSON), to check the export against onnxruntime")
    return parser.parse_args()


def log_metric(key: str, value: float, step: int) -> None:
    path = os.environ.get("MLOPS_METRICS_FILE")
    if path:
        with open(path, "a", encoding="utf-8") as file:
            file.write(json.dumps({"key": key, "value": float(value), "step": step}) + "\n")


def download_cifar10(data_dir: Path) -> Path:
    """The binary batches, downloaded and checked against the published MD5 when absent."""
    batches = data_dir / "cifar-10-batches-bin"
    if (batches / "test_batch.bin").exists():
        return batches
    data_dir.mkdir(parents=True, exist_ok=True)
    archive = data_dir / "cifar-10-binary.tar.gz"
    if not archive.exists():
        print(f"downloading {CIFAR10_URL} (162 MB)", flush=True)
        partial = archive.with_suffix(".partial")
        urllib.request.urlretrieve(CIFAR10_URL, partial)
        partial.rename(archive)
    digest = hashlib.md5(archive.read_bytes()).hexdigest()
    if digest != CIFAR10_MD5:
        archive.unlink()
        sys.exit(f"{archive}: MD5 {digest} is not CIFAR-10's {CIFAR10_MD5}; the damaged download was removed, run again")
    with tarfile.open(archive) as tar:
        tar.extractall(data_dir, filter="data") if sys.version_info >= (3, 12) else tar.extractall(data_dir)
    return batches


def read_batches(paths: list) -> tuple:
    raw = torch.frombuffer(bytearray(b"".join(Path(p).read_bytes() for p in paths)), dtype=torch.uint8).view(-1, RECORD)
    return raw[:, 1:].reshape(-1, 3, 32, 32).clone(), raw[:, 0].long().clone()


def normalise(images: torch.Tensor) -> torch.Tensor:
    """uint8 [N, 3, 32, 32] → what the model sees; preprocessing.json says the same for every other consumer."""
    mean = torch.tensor(MEAN).view(1, 3, 1, 1)
    std = torch.tensor(STD).view(1, 3, 1, 1)
    return (images.float() / 255.0 - mean) / std


def augment(batch: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Random horizontal flips and random 32×32 crops of the image padded by 2."""
    flip = torch.rand(batch.shape[0], generator=generator) < 0.5
    batch = torch.where(flip.view(-1, 1, 1, 1), batch.flip(3), batch)
    padded = nn.functional.pad(batch, (2, 2, 2, 2))
    dx, dy = (int(v) for v in torch.randint(0, 5, (2,), generator=generator))
    return padded[:, :, dy:dy + 32, dx:dx + 32]


def evaluate(model: nn.Module, images: torch.Tensor, labels: torch.Tensor, device: torch.device, batch_size: int) -> tuple:
    model.eval()
    loss_sum, correct = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(labels), batch_size):
            x = normalise(images[start:start + batch_size]).to(device)
            y = labels[start:start + batch_size].to(device)
            logits = model(x)
            loss_sum += nn.functional.cross_entropy(logits, y, reduction="sum").item()
            correct += (logits.argmax(1) == y).sum().item()
    return loss_sum / len(labels), correct / len(labels)


def main() -> None:
    args = parse_args()
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    if args.synthetic:
        held_out = max(1, args.synthetic // 5)
        images = torch.randint(0, 256, (args.synthetic + held_out, 3, 32, 32), dtype=torch.uint8, generator=generator)
        labels = torch.randint(0, 10, (args.synthetic + held_out,), generator=generator)
        images, test_images, labels, test_labels = images[held_out:], images[:held_out], labels[held_out:], labels[:held_out]
        validation = held_out
    else:
        batches = download_cifar10(Path(args.data_dir))
        images, labels = read_batches([batches / f"data_batch_{i}.bin" for i in range(1, 6)])
        test_images, test_labels = read_batches([batches / "test_batch.bin"])
        validation = args.validation
    order = torch.randperm(len(labels), generator=generator)
    valid_idx, train_idx = order[:validation], order[validation:]
    train_images, train_labels = images[train_idx], labels[train_idx]
    valid_images, valid_labels = images[valid_idx], labels[valid_idx]

    model = AlexNet().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.learning_rate)
    print(f"training AlexNet ({sum(p.numel() for p in model.parameters()):,} parameters) on {len(train_labels)} images, "
          f"{len(valid_labels)} for validation, {args.epochs} epochs on {device}", flush=True)
    best_loss, best_state = float("inf"), copy.deepcopy(model.state_dict())
    for epoch in range(1, args.epochs + 1):
        started = time.time()
        model.train()
        loss_sum, correct = 0.0, 0
        permutation = torch.randperm(len(train_labels), generator=generator)
        for start in range(0, len(train_labels), args.batch_size):
            index = permutation[start:start + args.batch_size]
            x = normalise(augment(train_images[index], generator)).to(device)
            y = train_labels[index].to(device)
            optimizer.zero_grad()
            logits = model(x)
            loss = nn.functional.cross_entropy(logits, y)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(index)
            correct += (logits.argmax(1) == y).sum().item()
        valid_loss, valid_acc = evaluate(model, valid_images, valid_labels, device, args.batch_size)
        for key, value in (("train_loss", loss_sum / len(train_labels)), ("train_acc", correct / len(train_labels)),
                           ("valid_loss", valid_loss), ("valid_acc", valid_acc)):
            log_metric(key, value, epoch)
        print(f"epoch {epoch}/{args.epochs}: train loss {loss_sum / len(train_labels):.4f}, valid loss {valid_loss:.4f}, "
              f"valid acc {valid_acc:.4f} ({time.time() - started:.1f} s)", flush=True)
        if valid_loss < best_loss:
            best_loss, best_state = valid_loss, copy.deepcopy(model.state_dict())

    model.load_state_dict(best_state)
    test_loss, test_acc = evaluate(model, test_images, test_labels, device, args.batch_size)
    log_metric("test_loss", test_loss, args.epochs)
    log_metric("test_acc", test_acc, args.epochs)
    print(f"test loss {test_loss:.4f}, test acc {test_acc:.4f} (best epoch by validation loss)", flush=True)
    export(model.cpu().eval(), Path(args.out), args.reference_outputs)


def export(model: nn.Module, out: Path, reference_outputs: str | None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    example = torch.zeros(1, 3, 32, 32)
    common = dict(input_names=["input"], output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    if "dynamo" not in inspect.signature(torch.onnx.export).parameters:
        torch.onnx.export(model, example, str(out / "model.onnx"), opset_version=17, **common)
    else:
        # PyTorch >= 2.9 exports through torch.export (needs onnxscript) by default; its TorchScript exporter,
        # while it lasts, writes the same graph at opset 17 without the extra package.
        try:
            torch.onnx.export(model, example, str(out / "model.onnx"), opset_version=17, dynamo=False, **common)
        except Exception as error:  # the TorchScript exporter is gone or refuses: use torch.export
            print(f"TorchScript ONNX export failed ({error}); exporting through torch.export", flush=True)
            torch.onnx.export(model, example, str(out / "model.onnx"), opset_version=18, dynamo=True, **common)
    preprocessing = {"input_name": "input", "layout": "NCHW", "shape": [3, 32, 32], "pixel_scale": 255,
                     "mean": MEAN, "std": STD, "labels": CLASSES, "output": "logits"}
    (out / "preprocessing.json").write_text(json.dumps(preprocessing, indent=2) + "\n")
    print(f"wrote {out / 'model.onnx'} and preprocessing.json", flush=True)
    if reference_outputs:
        inputs = torch.randn(4, 3, 32, 32, generator=torch.Generator().manual_seed(7))
        with torch.no_grad():
            outputs = model(inputs)
        Path(reference_outputs).write_text(json.dumps({"shape": list(inputs.shape), "inputs": inputs.flatten().tolist(),
                                                       "outputs": outputs.flatten().tolist()}))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""PyTorch reference of Needle's `attn` model (the parity oracle and the speed baseline).

Written from the model's definition (src/Needle.Training/Models/AttnModel.cs), functionally over a dict of named
leaf tensors so weights exchanged with C# by name and flat offset need no module plumbing.

  parity DIR   reads DIR/manifest.json, DIR/params.bin, DIR/batches.bin; writes DIR/out_logits.bin,
               DIR/out_grads.bin, DIR/out.json ({"loss", "losses"}: the first loss, then the 50 AdamW-step losses)
  bench JSON   trains the config for the given steps on corpus batches; prints {"tokens_per_s", ...} as JSON
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def norm(x, w, b, kind):
    if kind == "layer_norm":
        return F.layer_norm(x, (x.shape[-1],), w, b, 1e-5)
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5) * w


def rope(x, T, hs):
    # x: (B, H, T, hs); pairs (2i, 2i+1) rotated by t * 10000^(-2i/hs)
    i = torch.arange(hs // 2, dtype=torch.float64)
    t = torch.arange(T, dtype=torch.float64)
    theta = t[:, None] * torch.pow(torch.tensor(10000.0, dtype=torch.float64), -2.0 * i / hs)[None, :]
    cos, sin = torch.cos(theta).float(), torch.sin(theta).float()
    x0, x1 = x[..., 0::2], x[..., 1::2]
    out = torch.empty_like(x)
    out[..., 0::2] = x0 * cos - x1 * sin
    out[..., 1::2] = x0 * sin + x1 * cos
    return out


def forward(p, cfg, idx):
    B, T = idx.shape
    C, H, L = cfg["d_model"], cfg["heads"], cfg["layers"]
    hs = C // H
    nk = cfg["norm"]
    pos = cfg["positions"]
    x = p["wte"][idx]
    if pos != "rope":
        x = x + p["wpe"][:T]
    mask = torch.triu(torch.ones(T, T, dtype=torch.bool), 1)
    for l in range(L):
        g = lambda n: p.get(f"h{l}.{n}")
        h = norm(x, g("ln1.w"), g("ln1.b"), nk)
        qkv = F.linear(h, g("attn.qkv.w"), g("attn.qkv.b"))
        q, k, v = qkv.split(C, dim=2)
        q = q.view(B, T, H, hs).transpose(1, 2)
        k = k.view(B, T, H, hs).transpose(1, 2)
        v = v.view(B, T, H, hs).transpose(1, 2)
        if pos != "learned":
            q, k = rope(q, T, hs), rope(k, T, hs)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs))
        att = att.masked_fill(mask, float("-inf")).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        x = x + F.linear(y, g("attn.proj.w"), g("attn.proj.b"))
        h = norm(x, g("ln2.w"), g("ln2.b"), nk)
        a = F.linear(h, g("mlp.fc.w"), g("mlp.fc.b"))
        a = F.gelu(a, approximate="tanh") if cfg["activation"] == "gelu" else F.relu(a).square()
        x = x + F.linear(a, g("mlp.proj.w"), g("mlp.proj.b"))
    x = norm(x, p["lnf.w"], p.get("lnf.b"), nk)
    return F.linear(x, p["wte"] if cfg["tied_readout"] else p["lm_head.w"])


def load_params(tensors, flat):
    p = {}
    for t in tensors:
        n = int(np.prod(t["shape"]))
        p[t["name"]] = torch.tensor(flat[t["offset"]:t["offset"] + n].reshape(t["shape"]), requires_grad=True)
    return p


def make_optimizer(p, tensors, opt):
    decay = [p[t["name"]] for t in tensors if t["decay"]]
    plain = [p[t["name"]] for t in tensors if not t["decay"]]
    return torch.optim.AdamW([{"params": decay, "weight_decay": opt["weight_decay"]},
                              {"params": plain, "weight_decay": 0.0}],
                             lr=opt["lr"], betas=(opt["beta1"], opt["beta2"]), eps=opt["eps"])


def parity(d):
    torch.set_num_threads(1)
    m = json.load(open(os.path.join(d, "manifest.json")))
    cfg, tensors, opt = m["model"], m["tensors"], m["optimizer"]
    flat = np.fromfile(os.path.join(d, "params.bin"), dtype="<f4")
    batches = np.fromfile(os.path.join(d, "batches.bin"), dtype="<i4").reshape(m["batches"], 2, m["batch"], cfg["ctx"])
    p = load_params(tensors, flat)
    V = cfg["vocab"]

    def loss_of(i):
        x = torch.from_numpy(batches[i, 0].astype(np.int64))
        y = torch.from_numpy(batches[i, 1].astype(np.int64))
        logits = forward(p, cfg, x)
        return logits, F.cross_entropy(logits.view(-1, V), y.reshape(-1))

    logits, loss = loss_of(0)
    loss.backward()
    logits.detach().numpy().astype("<f4").tofile(os.path.join(d, "out_logits.bin"))
    grads = np.zeros_like(flat)
    for t in tensors:
        n = int(np.prod(t["shape"]))
        grads[t["offset"]:t["offset"] + n] = p[t["name"]].grad.detach().numpy().reshape(-1)
    grads.astype("<f4").tofile(os.path.join(d, "out_grads.bin"))
    first = float(loss.item())

    optimizer = make_optimizer(p, tensors, opt)
    params = list(p.values())
    losses = []
    for i in range(m["batches"]):
        optimizer.zero_grad(set_to_none=False)
        _, l = loss_of(i)
        l.backward()
        if opt["grad_clip"] > 0:
            torch.nn.utils.clip_grad_norm_(params, opt["grad_clip"])
        optimizer.step()
        losses.append(float(l.item()))
    json.dump({"loss": first, "losses": losses}, open(os.path.join(d, "out.json"), "w"))


def bench(spec):
    s = json.loads(spec)
    threads = int(s["threads"])
    torch.set_num_threads(threads)
    torch.manual_seed(int(s["seed"]))
    cfg, tensors = s["model"], s["tensors"]
    rng = np.random.default_rng(int(s["seed"]))
    flat = (rng.standard_normal(int(s["params"])) * 0.02).astype(np.float32)
    for t in tensors:  # norm weights 1, like the C# init (values do not affect speed otherwise)
        if t["name"].endswith("ln1.w") or t["name"].endswith("ln2.w") or t["name"] == "lnf.w":
            flat[t["offset"]:t["offset"] + t["shape"][0]] = 1.0
    p = load_params(tensors, flat)
    optimizer = make_optimizer(p, tensors, s["optimizer"])
    params = list(p.values())
    data = np.fromfile(s["corpus"], dtype=np.uint8)[:1015394]
    B, T, V = int(s["batch"]), cfg["ctx"], cfg["vocab"]

    def step():
        starts = rng.integers(0, len(data) - T - 1, B)
        x = torch.from_numpy(np.stack([data[i:i + T] for i in starts]).astype(np.int64))
        y = torch.from_numpy(np.stack([data[i + 1:i + T + 1] for i in starts]).astype(np.int64))
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(forward(p, cfg, x).view(-1, V), y.view(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        return float(loss.item())

    for _ in range(int(s["warmup"])):
        step()
    t0, c0 = time.perf_counter(), time.process_time()
    n = int(s["steps"])
    for _ in range(n):
        last = step()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"tokens_per_s": n * B * T / wall, "seconds": wall, "cpu_seconds": cpu, "steps": n,
                      "threads": torch.get_num_threads(), "torch": torch.__version__, "last_loss": last}))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("parity", "bench"):
        sys.exit("usage: torch_reference.py parity DIR | bench JSON")
    parity(sys.argv[2]) if sys.argv[1] == "parity" else bench(sys.argv[2])

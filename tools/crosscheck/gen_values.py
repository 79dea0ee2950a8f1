"""Random values of ASN.1 types, built from the schema as pycrate compiled it and encoded
by pycrate: the independent half of the cross-check. Our decoder must read these octets and
our encoder must give them back unchanged.

usage: gen_values.py MODULE SEED COUNT < type-names > corpus.jsonl
"""

import json
import random
import sys

from pycrate_modules import get_type, load

MAX_DEPTH = 9


def size_bounds(t, default=(0, 8)):
    sz = getattr(t, "_const_sz", None)
    if sz is None or not sz.root:
        return default
    r = random.choice(sz.root)
    if isinstance(r, int):
        return (r, r)
    lo = r.lb if r.lb is not None else 0
    hi = r.ub if r.ub is not None else lo + 8
    return (lo, min(hi, lo + 24))


def int_value(t):
    cv = getattr(t, "_const_val", None)
    if cv is not None and cv.root:
        r = random.choice(cv.root)
        if isinstance(r, int):
            return r
        lo = r.lb if r.lb is not None else 0
        hi = r.ub if r.ub is not None else lo + 1000
        return random.randint(lo, min(hi, lo + 100000))
    if t._cont and random.random() < 0.8:
        return random.choice(list(t._cont.values()))
    return random.randint(0, 300)


def text(t, alphabet="abcdefghijklmnopqrstuvwxyz0123456789"):
    lo, hi = size_bounds(t, (1, 12))
    return "".join(random.choice(alphabet) for _ in range(random.randint(lo, hi)))


def value(t, depth=0):
    kind = t.TYPE
    if kind == "BOOLEAN":
        return random.random() < 0.5
    if kind == "INTEGER":
        return int_value(t)
    if kind == "ENUMERATED":
        return random.choice(list(t._cont.keys()))
    if kind == "NULL":
        return 0
    if kind == "OCTET STRING":
        lo, hi = size_bounds(t, (0, 16))
        return bytes(random.getrandbits(8) for _ in range(random.randint(lo, hi)))
    if kind == "BIT STRING":
        if t._cont:
            # named bits: a random subset; DER drops trailing zero bits
            names = list(t._cont.values())
            bits = [b for b in names if random.random() < 0.5]
            if not bits:
                return (0, 0)
            n = max(bits) + 1
            v = 0
            for b in bits:
                v |= 1 << (n - 1 - b)
            return (v, n)
        lo, hi = size_bounds(t, (0, 24))
        n = random.randint(lo, hi)
        return (random.getrandbits(n) if n else 0, n)
    if kind == "OBJECT IDENTIFIER":
        return (2, 999, random.randint(0, 5000), random.randint(0, 200))
    if kind in ("UTF8String", "VisibleString", "PrintableString", "IA5String"):
        return text(t)
    if kind == "NumericString":
        return text(t, "0123456789")
    if kind == "UTCTime":
        return ("26", "11", "21", "12", "30", "00", "Z")
    if kind == "GeneralizedTime":
        return ("2026", "11", "21", "12", "30", "00", None, "Z")
    if kind in ("OPEN_TYPE", "ANY"):
        return ("NULL", 0)
    if kind == "CHOICE":
        names = list(t._cont.keys())
        if depth > MAX_DEPTH:
            names = sorted(names, key=lambda n: t._cont[n].TYPE not in ("NULL", "INTEGER", "OCTET STRING", "BOOLEAN"))[:1]
        name = random.choice(names)
        return (name, value(t._cont[name], depth + 1))
    if kind in ("SEQUENCE", "SET"):
        out = {}
        for name in t._root_mand:
            out[name] = value(t._cont[name], depth + 1)
        for name in t._root_opt:
            if depth <= MAX_DEPTH and random.random() < 0.5:
                out[name] = value(t._cont[name], depth + 1)
        return out
    if kind in ("SEQUENCE OF", "SET OF"):
        lo, hi = size_bounds(t, (0, 3))
        hi = min(hi, 3)
        if depth > MAX_DEPTH:
            hi = lo
        return [value(t._cont, depth + 1) for _ in range(random.randint(lo, max(lo, hi)))]
    raise ValueError(f"no generator for {kind}")


def main():
    module, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    random.seed(seed)
    mod = load(module)
    failures = 0
    for line in sys.stdin:
        name = line.strip()
        if not name:
            continue
        try:
            t = get_type(mod, name)
        except KeyError:
            print(json.dumps({"module": module, "type": name, "skip": "not in pycrate's module"}))
            continue
        made = 0
        for _ in range(count * 20):
            if made == count:
                break
            try:
                t.set_val(value(t))
                der = t.to_der()
            except Exception:  # a random value outside a constraint pycrate checks: try again
                continue
            made += 1
            print(json.dumps({"module": module, "type": name, "der": der.hex()}))
        if made == 0:
            failures += 1
            print(json.dumps({"module": module, "type": name, "skip": "no value could be generated"}))
    sys.stdout.flush()


if __name__ == "__main__":
    main()

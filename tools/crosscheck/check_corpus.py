#!/usr/bin/env python3
"""Cross-check rsp-lab's DER codec against asn1play (pycrate).

Reads a corpus of JSON lines {"module": ..., "type": ..., "der": hex[, "json": ...]} written
by `RSP_CORPUS_OUT=path cargo test -p proto --test it -- --exact
sgp22::corpus::write_corpus_for_crosscheck` and, for each
value:

  1. decodes it with pycrate's module and re-encodes it: the octets must be identical;
  2. if the line has our JSON form, checks that its SEQUENCE component and CHOICE
     alternative names are the ASN.1 names pycrate knows.

With --emit OUT it also goes the other way: it mutates each decoded value (drops OPTIONAL
components, draws new integers, octets, strings, bits and list lengths within the
constraints), lets pycrate encode it and writes the encodings to OUT in the same format.
`RSP_PYCRATE_CORPUS=OUT cargo test -p proto --test it -- --exact
sgp22::corpus::decode_pycrate_encodings` then
decodes each with our types and requires a byte-identical re-encoding.

Run by tools/crosscheck/run.sh (or: .venv/bin/python tools/crosscheck/check_corpus.py --module M FILE...)
Exit status: 0 when every value agrees (known divergences are listed, not counted).
"""

import argparse
import json
import random
import sys

from pycrate_modules import get_type, known, load, touches_known


# --- JSON names -------------------------------------------------------------------------

# Component names asn1play spells differently from the reference module we follow:
# TCA PE_Definitions 3.3.1 fixed the typo `keyCompontents`; asn1play's copy still has it.
NAME_ALIASES = {"keyCompontents": "keyComponents"}


def has_default(obj, name):
    """Whether component `name` of SEQUENCE `obj` has a DEFAULT value (we always show it)."""
    comp = obj._cont[name] if name in obj._cont else None
    return comp is not None and getattr(comp, "_def", None) is not None


def check_names(obj, val, ours, path, errors):
    """Walks pycrate's type `obj` and value `val` next to our JSON `ours`."""
    if is_external(obj):
        return  # X.509 structures are kept as DER (hex) on our side
    t = obj.TYPE
    if t in ("SEQUENCE", "SET"):
        if not isinstance(ours, dict):
            errors.append(f"{path}: expected an object, got {ours!r:.60}")
            return
        theirs = {NAME_ALIASES.get(k, k): k for k in val}
        extra = set(ours) - set(theirs)
        # A DEFAULT component absent on the wire: pycrate's value omits it, our JSON shows it.
        extra = {k for k in extra if not has_default(obj, k)}
        if extra or set(theirs) - set(ours):
            errors.append(f"{path}: components {sorted(ours)} != {sorted(theirs)}")
            return
        for name, their_name in theirs.items():
            check_names(obj._cont[their_name], val[their_name], ours[name], f"{path}.{name}", errors)
    elif t == "CHOICE":
        name, v = val
        if not isinstance(ours, dict) or list(ours) != [name]:
            errors.append(f"{path}: alternative {list(ours) if isinstance(ours, dict) else ours!r:.60} != [{name}]")
            return
        check_names(obj._cont[name], v, ours[name], f"{path}.{name}", errors)
    elif t in ("SEQUENCE OF", "SET OF"):
        if not isinstance(ours, list) or len(ours) != len(val):
            errors.append(f"{path}: list of {len(val)} expected")
            return
        for i, (v, o) in enumerate(zip(val, ours)):
            check_names(obj._cont, v, o, f"{path}[{i}]", errors)
    elif t == "INTEGER" and obj._cont and isinstance(ours, str):
        names = set(obj._cont.keys()) if hasattr(obj._cont, "keys") else set()
        if ours not in names:
            errors.append(f"{path}: named number {ours!r} not in {sorted(names)}")


# --- mutation (the reverse direction) -----------------------------------------------------


def size_range(obj, default_lo=0, default_hi=8):
    c = getattr(obj, "_const_sz", None)
    if c is None or c.lb is None:
        return default_lo, default_hi
    hi = c.ub if c.ub is not None else c.lb + default_hi
    return c.lb, min(hi, c.lb + 40)


def is_external(obj):
    tr = getattr(obj, "_typeref", None)
    called = getattr(tr, "called", None) if tr is not None else None
    return bool(called) and called[0].startswith("PKIX")


def mutate(obj, val, rng):
    if is_external(obj):
        return val  # X.509 structures: kept as they are
    t = obj.TYPE
    if t in ("SEQUENCE", "SET"):
        optional = set(getattr(obj, "_root_opt", []) or [])
        out = {}
        for name, v in val.items():
            if name in optional and rng.random() < 0.3:
                continue
            out[name] = mutate(obj._cont[name], v, rng)
        return out
    if t == "CHOICE":
        name, v = val
        return (name, mutate(obj._cont[name], v, rng))
    if t in ("SEQUENCE OF", "SET OF"):
        items = [mutate(obj._cont, v, rng) for v in val]
        lo, hi = size_range(obj, 0, 3)
        if items and rng.random() < 0.3 and len(items) + 1 <= hi:
            items.append(mutate(obj._cont, val[0], rng))
        if len(items) > max(lo, 1) and rng.random() < 0.2:
            items.pop()
        return items
    if t == "INTEGER":
        named = list(obj._cont.values()) if obj._cont else []
        if named and rng.random() < 0.7:
            return rng.choice(named)
        return rng.choice([0, 1, 127, 128, 255, 256, 65535, 2**31 - 1, -1, -200])
    if t == "BOOLEAN":
        return rng.random() < 0.5
    if t == "OCTET STRING":
        lo, hi = size_range(obj, 0, 20)
        return bytes(rng.randrange(256) for _ in range(rng.randint(lo, hi)))
    if t == "UTF8String":
        lo, hi = size_range(obj, 0, 12)
        alphabet = "abcdefghijklmnopqrstuvwxyz.-0123456789 éü€"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(lo, min(hi, 24))))
    if t == "BIT STRING":
        if obj._cont:  # named bits: DER drops trailing zero bits
            bits = [b for b in obj._cont.values() if rng.random() < 0.5]
            if not bits:
                return (0, 0)
            n = max(bits) + 1
            return (sum(1 << (n - 1 - b) for b in bits), n)
        n = rng.randint(0, 20)
        return (rng.getrandbits(n) if n else 0, n)
    return val  # OID, open types, times: kept


# --- main ----------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--module", required=True, help="the one ASN.1 module to check (pycrate loads one per process)")
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("--emit", help="write pycrate encodings of mutated values here")
    ap.add_argument("--rounds", type=int, default=8, help="mutations per value (with --emit)")
    ap.add_argument("--seed", type=int, default=22)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    module = load(args.module)
    checked = failed = skipped = 0
    known_seen = {}
    emitted = []
    lines = []
    for path in args.corpus:
        with open(path) as f:
            lines.extend(json.loads(line) for line in f if line.strip())
    for entry in lines:
        mod_name, type_name = entry["module"], entry["type"]
        if mod_name != args.module or "der" not in entry:
            continue
        try:
            obj = get_type(module, type_name)
        except KeyError:
            print(f"SKIP {mod_name}.{type_name}: not in asn1play's module")
            skipped += 1
            continue
        der = bytes.fromhex(entry["der"])
        checked += 1
        try:
            obj.from_der(der)
            again = obj.to_der()
        except Exception as e:  # pycrate raises many exception types
            why = known(type_name, str(e))
            if why:
                known_seen.setdefault((type_name, why), 0)
                known_seen[(type_name, why)] += 1
                continue
            failed += 1
            print(f"FAIL {type_name}: pycrate cannot decode: {e}\n     {der.hex()}")
            continue
        if again != der:
            failed += 1
            print(f"FAIL {type_name}: re-encoding differs\n     ours    {der.hex()}\n     pycrate {again.hex()}")
            continue
        val = obj.get_val()
        if "json" in entry:
            errors = []
            check_names(obj, val, entry["json"], type_name, errors)
            if errors:
                failed += 1
                print(f"FAIL {type_name}: JSON names\n     " + "\n     ".join(errors[:5]))
        if args.emit:
            for _ in range(args.rounds):
                try:
                    obj.set_val(mutate(obj, val, rng))
                    out = obj.to_der()
                    obj.from_der(out)  # pycrate accepts its own encoding
                except Exception as e:
                    print(f"note {type_name}: mutation not encodable by pycrate: {e}")
                    continue
                if touches_known(type_name):
                    continue  # would carry a known divergence
                emitted.append({"module": mod_name, "type": type_name, "der": out.hex()})
    for (type_name, why), n in sorted(known_seen.items()):
        print(f"KNOWN {type_name} ({n}x): {why}")
    if args.emit:
        with open(args.emit, "w") as f:
            for e in emitted:
                f.write(json.dumps(e) + "\n")
        print(f"{len(emitted)} pycrate encodings written to {args.emit}")
    print(f"{args.module}: {checked - failed} of our encodings re-encode identically in pycrate, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

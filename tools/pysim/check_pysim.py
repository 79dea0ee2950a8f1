#!/usr/bin/env python3
"""pySim, unpatched, against the software eUICC through PC/SC.

With an IoT eUICC holding two profiles and an eIM that has an enable of the second queued
(tools/pysim/check-pysim.sh makes both), runs pySim's own tools as a user runs them:

1. pySim-read.py -p 0: the enabled profile's ICCID and IMSI;
2. pySim-shell.py with a script: ADF.USIM, EF.IMSI, EF.AD, EF.UST, EF.DIR, VERIFY CHV1,
   AUTHENTICATE checked against the network's computation (tools/pcsc/milenage.py, or the
   TS 34.108 test algorithm of usim_test_algorithm.py when the profile runs it);
3. pySim-shell.py's eUICC commands on ADF.ISD-R: EID, profiles, EUICCInfo1/2, configured
   addresses, challenge, disable and enable, the notification list and its removal;
4. the eIM swaps the profile over the air (the PC/SC IPA of tools/pcsc/check_uicc.py),
   then 1. and 2. again show the second profile.

Each check prints PASS or FAIL; the exit status is 1 when one failed.

Usage: check_pysim.py --pysim DIR [--python PY] --subscribers FILE --eim HOST:PORT --ca FILE
                      [--work DIR]
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "pcsc"))
sys.path.insert(0, here)
from check_card import CheckFailed, hexs, wait_for_card  # noqa: E402
import check_uicc  # noqa: E402
import milenage  # noqa: E402
import usim_test_algorithm  # noqa: E402

USIM_AID = "a0000000871002"
ISD_R_AID = "a0000005591010ffffffff8900000100"
PIN1 = "0000"  # TS.48: PIN1 '0000' (disabled); the lab's minimal profile: '1234'


def run_tool(args, argv, log_name):
    """Runs a pySim tool in its folder with pySim's Python (--python); returns (exit status,
    output).
    pcscd may still hold the card for the previous tool's disconnection (pySim connects
    exclusively): a "Sharing violation" at start-up is tried again."""
    env = dict(os.environ, PYTHONUNBUFFERED="1", NO_COLOR="1")
    for attempt in range(10):
        p = subprocess.run(
            [args.python] + argv,
            cwd=args.pysim,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=300,
            text=True,
        )
        if "Sharing violation" not in p.stdout:
            break
        time.sleep(1 + attempt)
    if args.work:
        with open(os.path.join(args.work, log_name), "w") as f:
            f.write(p.stdout)
    return p.returncode, p.stdout


def pysim_read(args, sub, log_name):
    rc, out = run_tool(args, ["pySim-read.py", "-p", str(args.reader_index)], log_name)
    iccid = re.search(r"^ICCID: (\S+)", out, re.M)
    imsi = re.search(r"^IMSI: (\S+)", out, re.M)
    shown = (iccid.group(1) if iccid else None, imsi.group(1) if imsi else None)
    if shown != (sub["iccid"], sub["imsi"]):
        raise CheckFailed(
            "pySim-read shows ICCID %s IMSI %s, the card holds %s %s (log %s)"
            % (shown + (sub["iccid"], sub["imsi"], log_name))
        )
    if rc != 0 or "Traceback" in out:
        raise CheckFailed("pySim-read exit status %d (log %s)" % (rc, log_name))
    return "ICCID %s, IMSI %s, exit 0" % shown


def shell_sections(args, commands, log_name):
    """Runs pySim-shell with a script of (name, [commands]); returns {name: output}."""
    script = os.path.join(args.work or ".", log_name + ".script")
    with open(script, "w") as f:
        for name, cmds in commands:
            f.write("echo @@%s\n" % name)
            for c in cmds:
                f.write(c + "\n")
        f.write("echo @@end\n")
    rc, out = run_tool(
        args,
        ["pySim-shell.py", "-p", str(args.reader_index), "--noprompt", "--script", script],
        log_name,
    )
    sections, name = {}, "startup"
    for line in out.splitlines():
        if line.startswith("@@"):
            name = line[2:].strip()
            sections[name] = ""
        else:
            sections[name] = sections.get(name, "") + line + "\n"
    if "end" not in sections:
        raise CheckFailed(
            "pySim-shell stopped before the end of its script (exit %d, log %s): %s"
            % (rc, log_name, out.strip().splitlines()[-3:])
        )
    return sections


ERROR_MARKS = ("EXCEPTION", "Traceback", "SwMatchError", "Error:", "error:")


def section(sections, name, *must):
    text = sections.get(name)
    if text is None:
        raise CheckFailed("%s: no output" % name)
    for mark in ERROR_MARKS:
        if mark in text:
            raise CheckFailed("%s: %s" % (name, text.strip()[:400]))
    for m in must:
        if m.lower() not in text.lower():
            raise CheckFailed("%s: %r not in %s" % (name, m, text.strip()[:400]))
    return text


def first_json(text):
    start = text.index("{")
    return json.JSONDecoder().raw_decode(text[start:])[0]


def challenge(sub, sqn):
    """RAND, AUTN and the expected RES, CK, IK for the subscriber's algorithm."""
    rand = os.urandom(16)
    sqn_b = sqn.to_bytes(6, "big")
    amf = b"\x80\x00"
    k = bytes.fromhex(sub["ki"])
    if sub.get("algorithm", "milenage") == "usim-test-algorithm":
        alg = usim_test_algorithm.TestAlgorithm(k)
    else:
        alg = milenage.Milenage(k, bytes.fromhex(sub["opc"]))
    mac_a, _ = alg.f1(rand, sqn_b, amf)
    res, ck, ik, ak = alg.f2345(rand)
    autn = bytes(a ^ b for a, b in zip(sqn_b, ak)) + amf + mac_a
    return rand, autn, {"res": res.hex(), "ck": ck.hex(), "ik": ik.hex()}


def usim_checks(args, sub, sqn, tag):
    """pySim-shell on the USIM; returns the list of (name, fn) checks over its output."""
    rand, autn, expected = challenge(sub, sqn)
    commands = [
        ("select ADF.USIM", ["select ADF.USIM"]),
        ("EF.IMSI", ["select EF.IMSI", "read_binary_decoded"]),
        ("EF.AD", ["select EF.AD", "read_binary_decoded"]),
        ("EF.UST", ["select EF.UST", "read_binary_decoded"]),
        ("EF.DIR", ["select MF", "select EF.DIR", "read_records_decoded"]),
        ("VERIFY CHV1", ["select ADF.USIM", "verify_chv --pin-nr 1 %s" % PIN1]),
        ("AUTHENTICATE", ["authenticate %s %s" % (rand.hex(), autn.hex())]),
    ]
    state = {}

    def run():
        state["s"] = shell_sections(args, commands, "pysim-shell-usim-%s.log" % tag)
        return "script of %d commands ran to its end" % sum(len(c) for _, c in commands)

    def authenticate():
        text = section(state["s"], "AUTHENTICATE", "successful_3g_authentication")
        got = first_json(text)["successful_3g_authentication"]
        got = {k: got.get(k, "").lower() for k in expected}
        if got != expected:
            raise CheckFailed("card %s, network %s" % (got, expected))
        return "RES %s = the network's (%s)" % (got["res"], sub.get("algorithm", "milenage"))

    def imsi():
        text = section(state["s"], "EF.IMSI")
        if sub["imsi"] not in text:
            raise CheckFailed("IMSI %s not in %s" % (sub["imsi"], text.strip()))
        return "IMSI %s" % sub["imsi"]

    return [
        ("pySim-shell (%s): USIM script" % tag, run),
        ("pySim-shell (%s): select ADF.USIM" % tag,
         lambda: section(state["s"], "select ADF.USIM", USIM_AID) and ""),
        ("pySim-shell (%s): EF.IMSI" % tag, imsi),
        ("pySim-shell (%s): EF.AD" % tag,
         lambda: section(state["s"], "EF.AD", "ms_operation_mode") and ""),
        ("pySim-shell (%s): EF.UST" % tag,
         lambda: section(state["s"], "EF.UST", "activated") and ""),
        ("pySim-shell (%s): EF.DIR" % tag,
         lambda: section(state["s"], "EF.DIR", USIM_AID) and ""),
        ("pySim-shell (%s): VERIFY CHV1" % tag,
         lambda: section(state["s"], "VERIFY CHV1") and ""),
        ("pySim-shell (%s): AUTHENTICATE" % tag, authenticate),
    ]


def euicc_checks(args, first, second):
    commands = [
        ("select ADF.ISD-R", ["select ADF.ISD-R"]),
        ("get_eid", ["get_eid"]),
        ("get_profiles_info", ["get_profiles_info"]),
        ("get_euicc_info1", ["get_euicc_info1"]),
        ("get_euicc_info2", ["get_euicc_info2"]),
        ("get_euicc_configured_addresses", ["get_euicc_configured_addresses"]),
        ("get_euicc_challenge", ["get_euicc_challenge"]),
        ("disable_profile", ["disable_profile --iccid %s" % first["iccid"]]),
        ("profiles after disable", ["get_profiles_info"]),
        ("enable_profile", ["enable_profile --iccid %s" % first["iccid"]]),
        ("list_notification", ["list_notification"]),
    ]
    state = {}

    def run():
        state["s"] = shell_sections(args, commands, "pysim-shell-euicc.log")
        return ""

    def get_eid():
        got = first_json(section(state["s"], "get_eid")).get("eid_value", "")
        if got.upper() != args.eid.upper():
            raise CheckFailed("EID %s, the card's is %s" % (got, args.eid))
        return got

    def profiles():
        text = section(state["s"], "get_profiles_info", first["iccid"], second["iccid"])
        return "both ICCIDs listed" if text else ""

    def info2():
        d = first_json(section(state["s"], "get_euicc_info2"))
        cap = json.dumps(d)
        found = re.search(r'"uicc_capability":\s*"([0-9a-fA-F]+)"', cap)
        if not found:
            raise CheckFailed("no uicc_capability: %s" % cap[:300])
        # BIT STRING: unused-bits octet, then bit 0 in b8 of the first octet
        raw = bytes.fromhex(found.group(1))
        bits = {i for i in range(8 * (len(raw) - 1)) if raw[1 + i // 8] & (0x80 >> (i % 8))}
        names = {1: "usim", 2: "isim", 3: "csim", 4: "milenage", 5: "cave", 6: "tuak128",
                 7: "tuak256", 8: "usim-test-algorithm"}
        wanted, absent = {1, 4, 6, 7, 8}, {3, 5}
        if not wanted <= bits or bits & absent:
            raise CheckFailed("uiccCapability %s: bits %s" % (found.group(1), sorted(bits)))
        return "uiccCapability %s: %s" % (
            found.group(1), ", ".join(names.get(b, str(b)) for b in sorted(bits)))

    def states(name):
        text = section(state["s"], name)
        return re.findall(r'"profile_?[sS]tate":\s*"(\w+)"', text)

    def toggled():
        before = states("get_profiles_info")
        section(state["s"], "disable_profile", "ok")
        between = states("profiles after disable")
        section(state["s"], "enable_profile", "ok")
        if sorted(before) != ["disabled", "enabled"] or between != ["disabled", "disabled"]:
            raise CheckFailed("profile states %s, after disable_profile %s" % (before, between))
        return "%s: enabled, disabled, enabled (profile states %s -> %s)" % (
            first["iccid"], before, between)

    def notifications():
        text = section(state["s"], "list_notification", "notification")
        seqs = [int(n) for n in re.findall(r'"seq_number":\s*(\d+)', text)]
        # remove the newest, or one that is not there
        seq = max(seqs) if seqs else 0x7FFF
        s2 = shell_sections(
            args,
            [("select ADF.ISD-R", ["select ADF.ISD-R"]),
             ("remove", ["remove_notification_from_list %d" % seq]),
             ("list", ["list_notification"])],
            "pysim-shell-notifications.log",
        )
        removed = section(s2, "remove", "ok" if seqs else "nothingToDelete")
        left = [int(n) for n in re.findall(r'"seq_number":\s*(\d+)', section(s2, "list"))]
        if seqs and seq in left:
            raise CheckFailed("notification %d still listed after its removal" % seq)
        return "%d listed; remove_notification_from_list %d: %s" % (
            len(seqs), seq, removed.strip().replace("\n", " ")[:80])

    return [
        ("pySim-shell: eUICC script", run),
        ("pySim-shell: select ADF.ISD-R", lambda: section(state["s"], "select ADF.ISD-R", ISD_R_AID) and ""),
        ("pySim-shell: get_eid", get_eid),
        ("pySim-shell: get_profiles_info", profiles),
        ("pySim-shell: get_euicc_info1", lambda: section(state["s"], "get_euicc_info1", "svn") and ""),
        ("pySim-shell: get_euicc_info2", info2),
        ("pySim-shell: get_euicc_configured_addresses",
         lambda: section(state["s"], "get_euicc_configured_addresses", "address") and ""),
        ("pySim-shell: get_euicc_challenge",
         lambda: section(state["s"], "get_euicc_challenge", "challenge") and ""),
        ("pySim-shell: disable_profile, enable_profile", toggled),
        ("pySim-shell: list_notification, remove_notification_from_list", notifications),
    ]


def swap(args):
    """The PC/SC IPA of check_uicc.py: the eIM's enable of the second profile, then the
    modem's REFRESH and reset."""
    _, connection = wait_for_card(args.reader, args.timeout)
    t = check_uicc.Terminal(connection, 120)
    try:
        t.ok([0x80, 0x10, 0x00, 0x00, 0x03, 0x01, 0xFF, 0xFF], "TERMINAL PROFILE")
        # the modem has the UICC in use (the image a REFRESH is about)
        t.select_fid(b"\x3F\x00", "MF")
        done = check_uicc.swap_over_the_air(t, args)
        check_uicc.refresh(t)
    finally:
        t.c.disconnect()
    return done


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pysim", required=True, help="pySim's folder (pySim-read.py …)")
    ap.add_argument(
        "--python",
        default=sys.executable,
        help="the Python with pySim's requirements (default: this one)",
    )
    ap.add_argument("--reader", default="Virtual PCD")
    ap.add_argument("--reader-index", type=int, default=0, help="pySim's -p")
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--subscribers", required=True)
    ap.add_argument("--eid", required=True)
    ap.add_argument("--eim", required=True, help="ESipa address HOST:PORT")
    ap.add_argument("--eim-name", default="eim.rsp-lab.test")
    ap.add_argument("--ca", required=True)
    ap.add_argument("--work", default=None, help="where pySim's outputs are kept")
    args = ap.parse_args()
    with open(args.subscribers) as f:
        subs = json.load(f)
    first = next(s for s in subs if s["enabled"])
    second = next(s for s in subs if not s["enabled"])

    def card_present():
        reader, connection = wait_for_card(args.reader, args.timeout)
        atr = hexs(connection.getATR())
        connection.disconnect()
        return "%s, ATR %s" % (reader, atr)

    steps = [
        ("network MILENAGE against TS 35.208 test set 1", milenage.self_test),
        ("network test algorithm against the TS 34.108 8.1.2 XOR vector",
         usim_test_algorithm.self_test),
        ("the card in a PC/SC reader", card_present),
    ]
    steps.append(("pySim-read -p %d" % args.reader_index, lambda: pysim_read(args, first, "pysim-read-1.log")))
    steps += usim_checks(args, first, 0x20, "1")
    steps += euicc_checks(args, first, second)
    steps.append(("the eIM swaps the profile over the air (PC/SC IPA)", lambda: swap(args)))
    steps.append(("pySim-read after the swap", lambda: pysim_read(args, second, "pysim-read-2.log")))
    steps += usim_checks(args, second, 0x40, "2")

    errors = (CheckFailed, AssertionError, OSError, KeyError, ValueError,
              subprocess.TimeoutExpired) + (
        check_uicc.CardConnectionException,)
    passed = failed = 0
    for name, fn in steps:
        try:
            detail = fn()
            passed += 1
            print("PASS %s%s" % (name, ": " + detail if detail else ""), flush=True)
        except errors as e:
            failed += 1
            print("FAIL %s: %s" % (name, e), flush=True)
            if name == "the card in a PC/SC reader":
                break
    print("check-pysim: %d passed, %d failed" % (passed, failed), flush=True)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Loads the asn1play (pycrate) module for one of our ASN.1 modules, and the list of known
divergences between pycrate and X.680 as rsp-lab reads it.

pycrate keeps one global module table per process, so a process works on one of our modules
only: RSPDefinitions (SGP.22 v2.5), SGP32Definitions (SGP.32 v1.2), SGP32Definitions-v1.0
(SGP.32 v1.0), SGP32Definitions-v1.3 (what SGP.32 v1.3 adds) or PEDefinitions (TCA eUICC
Profile Package 3.3.1).

asn1play has no SGP.32 v1.3; that module is compiled here by pycrate's own ASN.1 compiler
from sgp32-v1.3-additions.asn.
"""

import importlib
import importlib.util
import json
import os
import tempfile

PATHS = {
    "RSPDefinitions": "asn1_play.generated_code.asn1.GSMA.SGP_22.v2_5.python_gen.sgp22.sgp22",
    "SGP32Definitions": "asn1_play.generated_code.asn1.GSMA.SGP_32.v1_2.python_gen.sgp32.sgp32",
    "PEDefinitions": "asn1_play.generated_code.asn1.TCA.eUICC_Profile_Package.v3_3_1.python_gen.epp.epp",
    # SGP.32 v1.0, the IPAs in the field (crates/proto/src/sgp32/v1_0; the module has v1.2's
    # name, so ours carries the version). asn1play's v1_0 numbers the automatic tags of
    # EimConfigurationData on after its inner CHOICEs ([8], [11], [12] instead of the
    # reference's [6], [7], [8]); its v1_0_1 has the reference's tags and is otherwise the same.
    "SGP32Definitions-v1.0": "asn1_play.generated_code.asn1.GSMA.SGP_32.v1_0_1.python_gen.sgp32.sgp32",
}


# Modules pycrate compiles here from an ASN.1 file beside this one.
SOURCES = {"SGP32Definitions-v1.3": "sgp32-v1.3-additions.asn"}


def _compile(source):
    from pycrate_asn1c.asnproc import PycrateGenerator, compile_text, generate_modules

    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, source)) as f:
        compile_text(f.read())
    out = os.path.join(tempfile.mkdtemp(), "generated.py")
    generate_modules(PycrateGenerator, out)
    spec = importlib.util.spec_from_file_location("generated", out)
    generated = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generated)
    return generated


def load(module):
    """Returns pycrate's module object (attribute access by type name)."""
    if module in SOURCES:
        return getattr(_compile(SOURCES[module]), module.split("-v")[0])
    if module not in PATHS:
        raise SystemExit(f"unknown module {module}")
    return getattr(importlib.import_module(PATHS[module]), module.split("-v")[0])


# The reference SGP32Definitions (osmo-ttcn3-hacks) prefixes the types SGP.32 redefines
# with "SGP32-" to avoid a TTCN-3 name clash with SGP.22; asn1play keeps the GSMA names.
PREFIXES = {"SGP32Definitions": "SGP32-"}


def get_type(module_obj, name):
    """pycrate names types with '-' replaced by '_'. KeyError if absent."""
    t = getattr(module_obj, name.replace("-", "_"), None)
    prefix = PREFIXES.get(getattr(module_obj, "_name_", ""), None)
    if t is None and prefix and name.startswith(prefix):
        t = getattr(module_obj, name[len(prefix):].replace("-", "_"), None)
    if t is None:
        raise KeyError(name)
    return t


def _load_known():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "known-divergences.json")
    with open(path) as f:
        return json.load(f)


KNOWN = _load_known()


def known(type_name, text):
    """The reason if `text` (an error or a path) hits a known divergence for `type_name`."""
    for k in KNOWN:
        if k["type"] == type_name and k["fragment"] in text:
            return k["why"]
    return None


def touches_known(type_name):
    """Whether values of `type_name` may carry a known divergence."""
    return any(k["type"] == type_name for k in KNOWN)

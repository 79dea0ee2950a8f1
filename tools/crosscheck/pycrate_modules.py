"""Loads the asn1play (pycrate) module for one of our ASN.1 modules.

pycrate keeps one global module table per process, so a process works on one of our modules
only: RSPDefinitions (SGP.22 v2.5), SGP32Definitions (SGP.32 v1.2) or PEDefinitions (TCA eUICC
Profile Package 3.3.1).
"""

import importlib


def load(module):
    """Returns pycrate's module object (attribute access by type name)."""
    if module == "RSPDefinitions":
        gen = importlib.import_module(
            "asn1_play.generated_code.asn1.GSMA.SGP_22.v2_5.python_gen.sgp22.sgp22")
        return gen.RSPDefinitions
    if module == "SGP32Definitions":
        gen = importlib.import_module(
            "asn1_play.generated_code.asn1.GSMA.SGP_32.v1_2.python_gen.sgp32.sgp32")
        return gen.SGP32Definitions
    if module == "PEDefinitions":
        gen = importlib.import_module(
            "asn1_play.generated_code.asn1.TCA.eUICC_Profile_Package.v3_3_1.python_gen.epp.epp")
        return gen.PEDefinitions
    raise SystemExit(f"unknown module {module}")


def get_type(module_obj, name):
    t = getattr(module_obj, name, None)
    if t is None:
        raise KeyError(name)
    return t

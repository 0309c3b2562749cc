"""The Python packages the bench scripts import, and the check that stops a script with their names
when one is missing; and usage(), which stops a script on a bad argument with its docstring's usage. The bench runs them with /usr/bin/python3 on Debian 12 (bookworm), from its
packages: numpy 1.24 (python3-numpy), scikit-learn 1.2 (python3-sklearn, with scipy 1.10),
PyTorch 1.13 (python3-torch), Optuna 3.1 (python3-optuna):

  apt-get install -y python3-numpy python3-sklearn python3-torch python3-optuna

usage, at the top of a script in bench/ (its own directory is on sys.path), or from a shell script:
  from pydeps import need; need("numpy", "torch")
  /usr/bin/python3 bench/pydeps.py bench/X.sh numpy torch
"""
import importlib, os, sys

DEBIAN = {"numpy": "python3-numpy", "sklearn": "python3-sklearn", "scipy": "python3-scipy",
          "torch": "python3-torch", "optuna": "python3-optuna"}


def need(*modules):
    missing = []
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(module)
    if missing:
        sys.exit("%s needs %s, which %s lacks; on Debian 12: apt-get install -y %s"
                 % (os.path.basename(sys.argv[0] or "bench"), ", ".join(missing), sys.executable,
                    " ".join(DEBIAN.get(m, m) for m in missing)))


def usage(why):
    """Stops the running script: WHY, then its docstring from "usage:" on."""
    doc = sys.modules["__main__"].__doc__ or ""
    sys.exit("%s: %s\n%s" % (os.path.basename(sys.argv[0]), why, doc[doc.find("usage:"):].strip()))


if __name__ == "__main__":   # pydeps.py SCRIPT MODULE...: a shell script's check before it writes anything
    if len(sys.argv) < 3:
        sys.exit("usage: pydeps.py SCRIPT MODULE...")
    sys.argv[0] = sys.argv.pop(1)
    need(*sys.argv[1:])

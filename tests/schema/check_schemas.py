#!/usr/bin/env python3
"""The JSON Schemas in docs/schema/ against the files the loaders read.

- Both schemas are valid JSON Schema (draft 2020-12).
- Every file that callcoach-lint accepts is valid: the shipped standard and
  scenarios, the guide's examples, the test fixtures.
- The schema is never stricter than the loader: a file of the lint corpus
  (tests/lint/) that the schema refuses is one whose golden lint output has
  errors.
- And it does catch mistakes: the corpus files named in MUST_REFUSE are refused.

Needs Debian's python3-yaml and python3-jsonschema (tools/packages.txt).
usage: check_schemas.py SOURCE_DIR
"""
import copy
import glob
import json
import os
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:
    print(f"check_schemas: {e}; install python3-yaml and python3-jsonschema "
          "(tools/bootstrap.sh test does)")
    sys.exit(1)

# Edits of the shipped files that callcoach-lint refuses; the schema must too.
SCENARIO_EDITS = {
    "an unknown key in a test": lambda d: d["tests"][0].update({"extra": 1}),
    "a test with both take and take_file": lambda d: d["tests"][0].update({"take": "pickup"}),
    "a test that checks nothing": lambda d: [d["tests"][0].pop(k, None)
                                             for k in ("expect", "pass", "fail", "outcome")],
    "a bad 'expect'": lambda d: d["tests"][0].update({"expect": "maybe"}),
    "score_min over 100": lambda d: d["tests"][0].update({"score_min": 101}),
    "an end node with branches": lambda d: d["nodes"][-1].update({"branches": [{"goto": "x"}]}),
    "a node without a fallback branch": lambda d: d["nodes"][1]["branches"].pop(),
    "an unknown mood": lambda d: d["nodes"][1].update({"mood": "grumpy"}),
    "no line 1": lambda d: d["lines"][0].update({"line": 2}),
    "an event branch that also tests what was said":
        lambda d: d["nodes"][1]["branches"][0].update({"when": {"event": "hold", "said": ["x"]}}),
    "an extension without a transfer":
        lambda d: d["nodes"][1]["branches"][0].update({"when": {"event": "hold", "extension": "1"}}),
    "a timed ring without a line": lambda d: d["nodes"][1]["events"][0].update({"do": "ring"}),
}
STANDARD_EDITS = {
    "an unknown setting": lambda d: d["settings"].update({"hold_max_secs": 3}),
    "a timing rule with phrases": lambda d: d["rules"][0]["detect"].update({"phrases": ["a"]}),
    "an unknown $setting": lambda d: d["rules"][0]["detect"].update({"max": "$nope"}),
    "weight 0": lambda d: d["rules"][0].update({"weight": 0}),
    "a rule id with capitals": lambda d: d["rules"][0].update({"id": "Bad_Id"}),
    "an unknown phase": lambda d: d["rules"][0].update({"phase": "openning"}),
    "no caller_reactions": lambda d: d.pop("caller_reactions"),
}

MUST_REFUSE = ["bad-standard.yaml", "unknown-key.yaml", "no-fallback.yaml", "test-errors.yaml",
               "wrong-type.yaml"]


def main():
    root = sys.argv[1]
    validators = {}
    for kind in ("standard", "scenario", "course"):
        with open(os.path.join(root, "docs", "schema", f"{kind}.schema.json"), encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        validators[kind] = jsonschema.Draft202012Validator(schema)

    def errors(path):
        """(kind, [messages]) or (None, None) for a file that is not ours or not YAML to PyYAML."""
        try:
            with open(path, encoding="utf-8") as f:
                doc = yaml.safe_load(f)
        except (yaml.YAMLError, UnicodeDecodeError, ValueError):
            return None, None
        if not isinstance(doc, dict):
            return None, None
        kind = ("standard" if "standard" in doc else "scenario" if "scenario" in doc
                else "course" if "course" in doc else None)
        if not kind:
            return None, None
        found = sorted(validators[kind].iter_errors(doc), key=lambda e: list(e.absolute_path))
        return kind, [f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}"
                      for e in found]

    passed = failed = 0

    def check(ok, message):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(message)

    shipped = (glob.glob(os.path.join(root, "scenarios", "*.yaml"))
               + glob.glob(os.path.join(root, "docs", "examples", "*.yaml")))
    fixtures = ([os.path.join(root, "tests", "fixtures", f)
                 for f in ("standard.yaml", "call.yaml", "graph.yaml", "tested.yaml")]
                + [os.path.join(root, "tests", "lint", "ok.yaml")])
    for path in sorted(shipped) + fixtures:
        kind, errs = errors(path)
        if kind is None and path in fixtures:
            continue  # PyYAML (YAML 1.1) cannot read a few things libyaml does, e.g. [a?, b]
        check(kind is not None and not errs,
              f"{path}: callcoach accepts it, the schema does not:\n  " + "\n  ".join(errs or []))

    for path in sorted(glob.glob(os.path.join(root, "tests", "lint", "*.yaml"))):
        name = os.path.basename(path)
        kind, errs = errors(path)
        with open(path[:-5] + ".expected", encoding="utf-8") as f:
            lint_refuses = "error:" in f.read()
        if name in MUST_REFUSE:
            check(bool(errs), f"{path}: the schema accepts it, but it has mistakes it should see")
        if kind is not None and errs:
            check(lint_refuses, f"{path}: the schema refuses it, callcoach-lint does not:\n  "
                  + "\n  ".join(errs))

    for kind, path, edits in (("scenario", "rude-caller.yaml", SCENARIO_EDITS),
                              ("standard", "standard.yaml", STANDARD_EDITS)):
        with open(os.path.join(root, "scenarios", path), encoding="utf-8") as f:
            base = yaml.safe_load(f)
        for what, edit in edits.items():
            doc = copy.deepcopy(base)
            edit(doc)
            check(any(True for _ in validators[kind].iter_errors(doc)),
                  f"scenarios/{path} with {what}: the schema accepts it, callcoach-lint does not")

    print(f"schema: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

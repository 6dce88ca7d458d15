#!/usr/bin/env python3
"""Regenerates apiserver/src/main/resources/openapi/enums.json.

The Kubernetes OpenAPI spec lists the values of enum-typed string fields ("enum": [...]) and ends
their descriptions with a "Possible enum values:" paragraph; kubectl explain prints both. The
Java client's models (the source of the rest of our schemas) carry neither. The npm package
kubernetes-models (MIT, generated from the Kubernetes OpenAPI spec) keeps both in its TypeScript
declarations: the paragraph in the field's doc comment, the values as a string union. This
script copies, per schema and field, the values and the paragraph. Version 4.5.1 is generated
from Kubernetes 1.33; no release of the package matches 1.32, so fields added after 1.32 are
dropped when the apiserver builds its schemas (the field must exist in the 1.32 Java models).

Usage: npm pack kubernetes-models@4.5.1 && tar xzf kubernetes-models-4.5.1.tgz
       apiserver/tools/enums.py package > apiserver/src/main/resources/openapi/enums.json
"""
import json
import os
import re
import sys

PROPERTY = re.compile(r'/\*\*((?:(?!\*/).)*?)\*/\s*"(\w+)"\??:\s*([^;]+);', re.S)
INTERFACE = re.compile(r"export interface I\w+[^{]* \{(.*?)\n\}", re.S)
VALUE = re.compile(r'^ - `"([^"]*)"`', re.M)
SPECIAL = {
    "apiextensions.k8s.io": "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
    "apiregistration.k8s.io": "io.k8s.kube-aggregator.pkg.apis.apiregistration",
}


def schema_name(group, version, kind):
    if group in SPECIAL:
        return f"{SPECIAL[group]}.{version}.{kind}"
    return f"io.k8s.api.{group.split('.')[0]}.{version}.{kind}"


def main(root):
    out = {}
    for directory, _, files in sorted(os.walk(root)):
        for file in sorted(files):
            if not file.endswith(".d.ts") or file == "index.d.ts":
                continue
            parts = os.path.relpath(os.path.join(directory, file), root).split(os.sep)
            if len(parts) == 2:
                parts = ["core"] + parts
            if len(parts) != 3 or parts[0].startswith("_"):
                continue
            text = open(os.path.join(directory, file), encoding="utf-8").read()
            block = INTERFACE.search(text)
            if block is None:
                continue
            for body, field, _ in PROPERTY.findall(block.group(1)):
                lines = [re.sub(r"^\s*\* ?", "", l).rstrip() for l in body.strip().splitlines()]
                text_lines = "\n".join(lines).strip()
                at = text_lines.find("Possible enum values:")
                if at < 0:
                    continue
                paragraph = text_lines[at:]
                values = VALUE.findall(paragraph)
                unique = list(dict.fromkeys(values))
                name = schema_name(parts[0], parts[1], parts[2][: -len(".d.ts")])
                out.setdefault(name, {})[field] = {"enum": unique, "paragraph": paragraph}
    json.dump(
        {
            "source": "kubernetes-models@4.5.1 (npm; generated from the Kubernetes 1.33 OpenAPI spec)",
            "enums": dict(sorted(out.items())),
        },
        sys.stdout,
        indent=1,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])

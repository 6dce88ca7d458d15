#!/usr/bin/env python3
"""Regenerates apiserver/src/main/resources/openapi/ref-descriptions.json.

The Java client models (io.kubernetes:client-java-api) that the OpenAPI documents are built from
drop the description of every field whose type is another model (DeploymentSpec.strategy,
ObjectMeta on every kind, IntOrString fields ...): OpenAPI v2 ignores siblings of "$ref". cdk8s
generates its Kubernetes 1.32 TypeScript imports from the same OpenAPI spec and keeps those
descriptions, tagged with the schema and field they belong to (@schema io.k8s...Type#field). This
script copies them, for fields of non-primitive type only.

Usage: npm pack cdk8s-plus-32@2.5.92 && tar xzf cdk8s-plus-32-2.5.92.tgz
       apiserver/tools/ref-descriptions.py package/lib/imports/k8s.d.ts > \
         apiserver/src/main/resources/openapi/ref-descriptions.json
"""
import json
import re
import sys

PRIMITIVE = re.compile(r"^(string|number|boolean|any)(\[\])*$")
DOC = re.compile(r"/\*\*((?:(?!\*/).)*?)\*/\s*readonly\s+[\w$']+\??:\s*([^;]+);", re.S)


def main(path):
    text = open(path, encoding="utf-8").read()
    out = {}
    for body, ts_type in DOC.findall(text):
        lines = [re.sub(r"^\s*\* ?", "", l) for l in body.strip().splitlines()]
        tag = next((l for l in lines if l.startswith("@schema ")), None)
        if tag is None or "#" not in tag:
            continue
        schema, field = tag[len("@schema "):].strip().split("#", 1)
        if PRIMITIVE.match(ts_type.strip()) or "." in field:
            continue
        desc = []
        for l in lines:
            if l.startswith("@"):
                break
            desc.append(l.rstrip())
        description = "\n".join(desc).strip().replace("*\\/", "*/")
        if description:
            out.setdefault(schema, {})[field] = description
    json.dump(
        {
            "source": "cdk8s-plus-32@2.5.92 lib/imports/k8s.d.ts (the Kubernetes 1.32 OpenAPI spec)",
            "descriptions": dict(sorted(out.items())),
        },
        sys.stdout,
        indent=1,
        sort_keys=False,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])

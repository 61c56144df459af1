#!/usr/bin/env python3
"""Write the hostile benchmark's inputs into the folder given as the argument."""
import json
import os
import sys

out = sys.argv[1]
pattern = {"type": "object", "properties": {"s": {"type": "string", "pattern": "^(a+)+$"}}}
json.dump(pattern, open(os.path.join(out, "pattern.json"), "w"))
json.dump({"s": "a" * 28 + "!"}, open(os.path.join(out, "a28.json"), "w"))
json.dump({"s": "a" * 100_000 + "!"}, open(os.path.join(out, "a100k.json"), "w"))
rows_schema = {
    "type": "object",
    "properties": {"rows": {"type": "array", "items": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "firstName": {"type": "string", "maxLength": 50},
            "lastName": {"type": "string", "maxLength": 50},
            "date": {"type": "string", "format": "date"},
        },
        "required": ["id", "firstName", "lastName", "date"],
        "additionalProperties": False,
    }}},
    "required": ["rows"],
}
json.dump(rows_schema, open(os.path.join(out, "rows.json"), "w"))
for name, bad in (("valid", False), ("late", True)):
    with open(os.path.join(out, name + ".json"), "w") as f:
        f.write('{"rows": [\n')
        n = 600_000
        for i in range(n):
            date = "1990-13-01" if bad and i == n - 1 else "1990-01-01"
            sep = ",\n" if i + 1 < n else "\n"
            f.write(f'  {{"id": {i}, "firstName": "Firstname{i}", "lastName": "Lastname{i}", "date": "{date}"}}{sep}')
        f.write("]}\n")
print("inputs in", out, "; valid.json is", os.path.getsize(os.path.join(out, "valid.json")), "bytes")

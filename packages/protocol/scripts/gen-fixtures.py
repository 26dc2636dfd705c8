#!/usr/bin/env python3
"""Generates the expected wire strings for @waldur-sim/protocol's tests with CPython itself.

Writes src/fixtures/json-dumps.json (json.dumps defaults) and src/fixtures/message-id.json
(Waldur's create_message_id and whole messages as prepare_messages builds them).

Inputs are stored in a tagged form so JavaScript rebuilds exactly the value Python encoded:
floats as {"$float": json.dumps(x)} (repr, or NaN/Infinity), ints outside JS's safe range as {"$bigint": str(n)}, and
NaN/Infinity survive. Integral floats within 2**53 are rejected here: JavaScript cannot tell
2.0 from 2, and the TypeScript encoder documents that they encode as ints.

Run: python3 packages/protocol/scripts/gen-fixtures.py
"""
import hashlib
import json
import math
import pathlib
import sys

OUT = pathlib.Path(__file__).resolve().parent.parent / "src" / "fixtures"
SAFE = 2**53 - 1


def tag(value):
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value if -SAFE <= value <= SAFE else {"$bigint": str(value)}
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value) and abs(value) <= SAFE and not (
            value == 0 and math.copysign(1, value) < 0
        ):
            raise ValueError(f"integral float {value!r} is not representable in JavaScript")
        return {"$float": json.dumps(value)}  # repr(x), or NaN/Infinity/-Infinity
    if isinstance(value, list):
        return [tag(v) for v in value]
    if isinstance(value, dict):
        for k in value:
            if not isinstance(k, str) or (k.isdigit() and k == str(int(k))):
                raise ValueError(f"key {k!r}: JavaScript objects reorder integer-like keys")
        return {k: tag(v) for k, v in value.items()}
    raise TypeError(type(value))


HEX_A = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
HEX_B = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
HEX_C = "5d41402abc4b2a76b9719d911017c592"
HEX_D = "7c222fb2927d828af22f592134e89324"

DUMPS_CASES = [
    ("empty object", {}),
    ("empty array", []),
    ("null", None),
    ("true", True),
    ("false", False),
    ("string", "plain"),
    ("empty string", ""),
    ("integers", [0, 1, -1, 42, -123456789, SAFE, -SAFE]),
    ("big ints beyond 2**53", [2**53 + 1, 2**64, -(2**70)]),
    ("fractions", [0.1, 0.5, -2.5, 3.14159, 123.456, 1000000000000000.5, 0.000123]),
    ("small floats", [1e-4, 1e-5, 1e-7, 1.5e-5, 2.5e-10, 5e-324]),
    ("large floats", [1e16, 1e17, 1e21, 1.5e300, 1.7976931348623157e308, 9007199254740994.0, 123456789012345678.0]),
    ("negative zero", [-0.0]),
    ("non-finite", [float("nan"), float("inf"), float("-inf")]),
    ("ascii escapes", "quote \" backslash \\ slash / tab\there"),
    ("newlines and controls", "a\nb\rc\bd\fe\x00f\x01g\x1fh\x7fi"),
    ("latin-1", "héllo wörld ñ ü €"),
    ("cjk", "日本語のテキスト"),
    ("emoji astral", "ok 😀 🚀 𝄞"),
    ("line separators", "\u2028\u2029\u00a0\u00ad\ufeff"),
    ("lone surrogate", "x\ud800y"),
    ("unicode keys", {"ключ": "значение", "emoji😀": True}),
    ("nested", {"a": {"b": {"c": [1, {"d": None}, [], {}]}}, "e": [[1, 2], [3, [4, [5]]]]}),
    ("insertion order", {"zeta": 1, "alpha": 2, "mid": 3, "Beta": 4, "_x": 5}),
    (
        "order message",
        {"order_uuid": HEX_A, "order_state": "pending-provider", "offering_uuid": HEX_B},
    ),
    (
        "user role message",
        {
            "user_uuid": HEX_A,
            "user_username": "jdoe",
            "project_uuid": HEX_C,
            "project_name": "Projekt Ärger \"quoted\"",
            "role_name": "PROJECT.ADMIN",
            "granted": True,
            "offering_uuid": HEX_B,
        },
    ),
    (
        "offering user create message",
        {
            "offering_user_uuid": HEX_D,
            "user_uuid": HEX_A,
            "username": None,
            "state": "Requested",
            "runtime_state": "",
            "action": "create",
            "attributes": {"email": "jöhn@example.org", "affiliations": ["staff", "member"], "uid": 10001},
            "offering_uuid": HEX_B,
        },
    ),
    (
        "periodic limits message",
        {
            "resource_uuid": HEX_C,
            "backend_id": "hpc_project_1",
            "offering_uuid": HEX_B,
            "policy_uuid": HEX_D,
            "action": "apply_periodic_settings",
            "settings": {
                "fairshare": 333,
                "limit_type": "GrpTRESMins",
                "grp_tres_mins": {"billing": 72000},
                "qos_threshold": {"billing": 0.8},
                "grace_limit": 86400.5,
                "carryover_details": {"previous_usage": 1234.75, "carryover_factor": 0.25},
            },
            "timestamp": "2026-03-01T00:00:00",
        },
    ),
]

VHOST = "3f4e5d6c7b8a99887766554433221100"

ID_CASES = [
    (VHOST, f"subscription/{HEX_A}/offering/{HEX_B}/order", json.dumps({"order_uuid": HEX_C, "order_state": "done"})),
    ("", "", ""),
    ("vhost", "topic", "payload with ü and 😀 (UTF-8 bytes are hashed)"),
    ("/", "a:b", "c:d"),
]

MESSAGE_CASES = [
    ("order", {"order_uuid": HEX_C, "order_state": "pending-provider"}),
    ("user_role", {"project_uuid": HEX_C, "project_name": "Résumé", "resource_uuid": HEX_D}),
    ("resource_periodic_limits", {"resource_uuid": HEX_C, "backend_id": "b1", "offering_uuid": "stale", "x": 0.1}),
    ("offering_resources_sync", {"requested_by_user_uuid": HEX_A}),
]


def create_message_id(vhost, topic, payload):
    return hashlib.sha256(f"{vhost}:{topic}:{payload}".encode()).hexdigest()[:32]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    dumps = [{"name": n, "input": tag(v), "expected": json.dumps(v)} for n, v in DUMPS_CASES]
    ids = [
        {"vhost": v, "topic": t, "payload": p, "expected": create_message_id(v, t, p)} for v, t, p in ID_CASES
    ]
    messages = []
    for object_type, payload in MESSAGE_CASES:
        topic = f"subscription/{HEX_A}/offering/{HEX_B}/{object_type}"
        built = dict(payload)
        built["offering_uuid"] = HEX_B  # prepare_messages mutates the handler's dict
        body = json.dumps(built)
        messages.append(
            {
                "vhost": VHOST,
                "subscriptionUuid": HEX_A,
                "offeringUuid": HEX_B,
                "objectType": object_type,
                "payload": tag(payload),
                "topic": topic,
                "queue": topic.replace("/", "_"),
                "body": body,
                "messageId": create_message_id(VHOST, topic, body),
            }
        )
    meta = {"generator": "packages/protocol/scripts/gen-fixtures.py", "python": sys.version.split()[0]}
    (OUT / "json-dumps.json").write_text(json.dumps({**meta, "cases": dumps}, indent=2) + "\n")
    (OUT / "message-id.json").write_text(
        json.dumps({**meta, "messageIds": ids, "messages": messages}, indent=2) + "\n"
    )


if __name__ == "__main__":
    main()

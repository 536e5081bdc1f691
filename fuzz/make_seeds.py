#!/usr/bin/env python3
"""Writes the committed seed corpora (fuzz/corpus/<target>/seed-*) from tests/vectors/*.json.

Each target reads a small readable format (see the top of each fuzz_targets/*.rs); this script
writes a handful of inputs per target in that format. Run from anywhere: python3 fuzz/make_seeds.py
"""

import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "vectors"
CORPUS = ROOT / "fuzz" / "corpus"


def load(name):
    return json.loads((VECTORS / name).read_text())


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48]


def write(target, name, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"seed-{slug(name)}").write_bytes(data if isinstance(data, bytes) else data.encode())


def pick(items, names):
    chosen = [v for v in items if v["name"] in names]
    assert len(chosen) == len(names), [n for n in names if n not in {v["name"] for v in chosen}]
    return chosen


def main():
    for old in CORPUS.glob("*/seed-*"):
        old.unlink()
    signing, webhook, envelope = load("signing.json"), load("webhook.json"), load("envelope.json")
    amounts = load("amounts.json")

    # amount: "a\nb\nscale\nunits"
    parse = {v["name"]: v["canonical"] for v in amounts["parse"]}
    write("amount", "official-amounts", "404.69\n1.01\n2\n12345")
    write("amount", "trailing-zero", f"{parse['number 0.50 keeps its trailing zero']}\n0.5\n6\n50")
    write("amount", "exponents", "1.5e2\n15E-3\n3\n1")
    write("amount", "limits", f"{parse['36 nines as a string']}\n0.0000000000000000000000000000000000001\n0\n18446744073709551615")
    write("amount", "remainder-near-i128-max", "0.9999999999999999999\n0.9999999999999999999\n0\n0")
    write("amount", "json-string-and-reject", '"404.69"\n-0.01\n40\n7')
    write("amount", "exponent-1e-36", "1e-36\n1e0\n37\n1")

    # body: canonicalize input text
    for v in pick(signing["vectors"], ["official ANexPay vector (spec 2.3)", "spaces inside string values are kept",
                                       "body with newlines and indentation signed as raw bytes",
                                       "escaped \\u sequences are signed as written"]):
        write("body", v["name"], v["body"])
    write("body", "pretty-webhook", json.dumps(json.loads(webhook["cases"][0]["body"]), indent=2))
    write("body", "whitespace-only", " \t\r\n")

    # envelope: optional "NNN\n" status line, then the body
    for v in pick(envelope["cases"], ["retcode as string", "retcode as number", "extra success field and pretty printing",
                                      "retdata as an array", "business error retcode 00008 keeps its leading zeros",
                                      "HTTP 500 with a 200 retcode is an error", "retcode of the wrong type"]):
        status = v["httpStatus"]
        write("envelope", v["name"], v["body"] if status == 200 else f"{status}\n{v['body']}")
    order = json.loads(webhook["cases"][0]["body"])["data"]
    write("envelope", "checkout-order-retdata", json.dumps({"retcode": "200", "retdata": order, "retmsg": ""}))
    page = {"records": [order], "total": 3, "pageNum": 1, "pageSize": 1}
    write("envelope", "page-retdata", json.dumps({"retcode": 200, "retdata": page}))

    # query: key, method, timestamp, path, prefix ("?" or ""), name<TAB>value lines, "", body
    for v in pick(signing["vectors"], ["official ANexPay vector (spec 2.3)", "spec GET example with ? (QuestionMark prefix)",
                                       "GET query keeps caller order, several parameters",
                                       "GET query value with space and CJK, signed unencoded",
                                       "DELETE with query, no body", "QuestionMark prefix with query and body"]):
        pairs = [p.split("=", 1) for p in v["query"].split("&")] if v["query"] else []
        head = [v["signKey"], v["method"], v["timestamp"], v["path"], "?" if v["queryPrefix"] == "questionMark" else ""]
        head += ["\t".join(p) for p in pairs]
        write("query", v["name"], "\n".join(head) + "\n\n" + v["body"])

    # webhook: key, "nowMs toleranceMs", "Name: value" lines, "", body
    for v in pick(webhook["cases"], ["valid CHECKOUT_ORDER_CHANGED", "valid REFUND_ORDER_CHANGED",
                                     "valid SETTLEMENT_ORDER_CHANGED", "spec computed ABNORMAL_PAYMENT example",
                                     "unknown event type is kept, not rejected", "tampered body (amount changed)",
                                     "stale by tolerance + 1 ms", "D-SIGNATURE and D-TIMESTAMP"]):
        head = [v["signKey"], f"{v['nowMs']} {v['toleranceSec'] * 1000}"] + [f"{k}:{val}" for k, val in v["headers"]]
        write("webhook", v["name"], "\n".join(head) + "\n\n" + v["body"])

    # webhook structured mode: a 0 byte, then bytes `arbitrary` turns into a signed delivery / event
    write("webhook", "structured-signed", bytes([0, 0, 0, 0, 0]) + b"key\x10" + webhook["cases"][0]["body"].encode())
    write("webhook", "structured-event", bytes([0, 255, 255, 255, 255]) + bytes(range(1, 96)))

    # sandbox_http: raw requests as a client sends them
    create = pick(signing["vectors"], ["spec create order example"])[0]
    body = create["body"].encode()
    write("sandbox_http", "post-create-order",
          f"POST {create['path']} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          f"SIGNATURE: {create['signature']}\r\nTIMESTAMP: {create['timestamp']}\r\n"
          f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    write("sandbox_http", "get-with-query",
          "GET /openapi/test?orderNo=A1&note=a%20b%2F%C3%BC HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          "Authorization: Bearer t\r\n\r\n")
    write("sandbox_http", "chunked-post",
          "POST /api/x HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
          "4\r\n{\"a\"\r\n5\r\n:\"1\"}\r\n0\r\n\r\n")
    write("sandbox_http", "two-pipelined", "GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n")

    # sandbox_query: the raw query text, then name<TAB>value pairs for the client to encode
    write("sandbox_query", "encoded-cjk", "orderNo=A1&note=a%20b%2F%C3%BC\norderNo\tA1\nnote\ta b/ü")
    write("sandbox_query", "several-params", "pageNum=1&pageSize=20\npageNum\t1\npageSize\t20")
    write("sandbox_query", "plus-and-bad-escape", "a=1+2&b=%zz&c\nq\t1+2=3")


if __name__ == "__main__":
    main()

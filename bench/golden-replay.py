#!/usr/bin/env python3
"""Replays the golden requests (src/test/resources/golden) against a running server and compares
status and JSON body: checks a packaged jar started in another mode (e.g. Spring AOT) answers as
the test suite's server does. Usage: bench/golden-replay.py http://127.0.0.1:8080"""
import glob, json, os, sys, urllib.error, urllib.request

base = sys.argv[1].rstrip('/')
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'test', 'resources', 'golden')
failures = 0
files = sorted(glob.glob(os.path.join(root, '*.json')))
for path in files:
    golden = json.load(open(path))
    req, want = golden['request'], golden['response']
    headers, data = {}, None
    if 'body' in req:
        data, headers['Content-Type'] = json.dumps(req['body']).encode(), 'application/json'
    elif 'rawBody' in req:
        data, headers['Content-Type'] = req['rawBody'].encode(), req['contentType']
    request = urllib.request.Request(base + req['path'], data=data, method=req['method'], headers=headers)
    try:
        with urllib.request.urlopen(request) as r:
            status, body = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, body = e.code, e.read()
    try:
        got = json.loads(body) if body else None
    except ValueError:
        got = body.decode(errors='replace')
    if status != want['status'] or got != want.get('body'):
        failures += 1
        print(f'DIFFERS {os.path.basename(path)}: status {status} (golden {want["status"]})')
print(f'{len(files) - failures} of {len(files)} golden responses identical')
sys.exit(1 if failures else 0)

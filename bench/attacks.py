#!/usr/bin/env python3
"""The availability cases of issue 11, replayed against a running server (bench/soak.sh --attacks runs
them beside its load). Each case is sent once; while it runs, GET /actuator/health/liveness is probed
every 0.25 s to see whether the service still answers. Prints one line per case: the answer's status,
time and size, the slowest health probe and how many failed. The client gives up on a case after
--timeout seconds (the server may go on working: that shows in the health probes and the CPU).

  bench/attacks.py http://127.0.0.1:8080 [--timeout 60] [--only NAME,...]

Cases (expected once the limits hold, per issue 11):
  error-text    POST /plan, 300 scenarios, 100 unknown GPU names (31 KB): a quick 400 of bounded size
  big-body      POST /estimate with a 100 MB body: 413 before it is parsed
  slow-bodies   250 connections each holding a partial POST for 30 s: health keeps answering
  config-lists  a qwen3_moe config with a 300,000-entry mlp_only_layers list (2 MB): quick answer
  big-answer    POST /plan, 1,000 DeepSeek-V3 scenarios (136 KB): an answer of bounded size
"""
import argparse, http.client, json, socket, threading, time, urllib.parse

parser = argparse.ArgumentParser()
parser.add_argument('base')
parser.add_argument('--timeout', type=float, default=60)
parser.add_argument('--only', default='')
args = parser.parse_args()
url = urllib.parse.urlsplit(args.base)
HOST, PORT = url.hostname, url.port or 80
if HOST not in ('127.0.0.1', 'localhost', '::1'):
    raise SystemExit('loopback only: ' + HOST)


def post(path, body, timeout):
    """(status, seconds, bytes) of one POST; status 'timeout' or the error's name if it fails."""
    start = time.monotonic()
    conn = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    try:
        conn.request('POST', path, body=body, headers={'Content-Type': 'application/json'})
        response = conn.getresponse()
        size = 0
        while chunk := response.read(1 << 20):
            size += len(chunk)
            if time.monotonic() - start > timeout:
                return 'timeout (reading)', time.monotonic() - start, size
        return response.status, time.monotonic() - start, size
    except socket.timeout:
        return 'timeout', time.monotonic() - start, 0
    except OSError as e:
        return type(e).__name__, time.monotonic() - start, 0
    finally:
        conn.close()


class HealthProbe(threading.Thread):
    """GET /actuator/health/liveness every 0.25 s until stopped: the slowest answer and the failures."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop, self.slowest, self.failed, self.count = threading.Event(), 0.0, 0, 0

    def run(self):
        while not self.stop.is_set():
            start = time.monotonic()
            try:
                conn = http.client.HTTPConnection(HOST, PORT, timeout=5)
                conn.request('GET', '/actuator/health/liveness')
                ok = conn.getresponse().status == 200
                conn.close()
            except OSError:
                ok = False
            self.slowest = max(self.slowest, time.monotonic() - start)
            self.count += 1
            self.failed += 0 if ok else 1
            self.stop.wait(0.25)


def estimate(**fields):
    body = {'parametersBillions': 1, 'weightDtype': 'fp16', 'numLayers': 16, 'numAttentionHeads': 32,
            'numKeyValueHeads': 8, 'headDim': 64, 'batchSize': 4, 'sequenceLength': 256}
    body.update(fields)
    return body


def error_text():
    scenarios = [{'name': f's{i}', 'request': estimate()} for i in range(300)]
    gpus = [f'no-such-gpu-{i}' for i in range(100)]
    return post('/plan', json.dumps({'gpus': gpus, 'scenarios': scenarios}).encode(), args.timeout)


def big_body():
    names = json.dumps(['x' * 90] * (100 * 1024 * 1024 // 94))
    return post('/estimate', ('{"gpus": ' + names + ', "batchSize": 1, "sequenceLength": 1}').encode(), args.timeout)


def slow_bodies():
    sockets, start = [], time.monotonic()
    for _ in range(250):
        try:
            s = socket.create_connection((HOST, PORT), timeout=5)
            s.sendall(b'POST /estimate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
                      b'Content-Length: 1000\r\n\r\n{"batchSize": ')
            sockets.append(s)
        except OSError:
            break
    time.sleep(min(30, args.timeout))
    answered = 0
    for s in sockets:
        s.setblocking(False)
        try:
            answered += 1 if s.recv(1) else 0
        except OSError:
            pass
        s.close()
    return f'{len(sockets)} held, {answered} answered by the server', time.monotonic() - start, 0


def config_lists():
    config = {'model_type': 'qwen3_moe', 'hidden_size': 2048, 'intermediate_size': 6144,
              'moe_intermediate_size': 768, 'num_hidden_layers': 48, 'num_attention_heads': 32,
              'num_key_value_heads': 4, 'head_dim': 128, 'vocab_size': 151936, 'num_experts': 128,
              'num_experts_per_tok': 8, 'decoder_sparse_step': 1, 'torch_dtype': 'bfloat16',
              'mlp_only_layers': list(range(300_000))}
    body = {'modelConfig': config, 'batchSize': 1, 'sequenceLength': 1024}
    return post('/estimate', json.dumps(body).encode(), args.timeout)


def big_answer():
    scenarios = [{'request': {'model': 'deepseek-ai/DeepSeek-V3', 'batchSize': 8, 'sequenceLength': 4096 + i}}
                 for i in range(1000)]
    return post('/plan', json.dumps({'scenarios': scenarios}).encode(), args.timeout)


CASES = {'error-text': error_text, 'big-body': big_body, 'slow-bodies': slow_bodies,
         'config-lists': config_lists, 'big-answer': big_answer}
only = [c for c in args.only.split(',') if c] or list(CASES)
for name in only:
    probe = HealthProbe()
    probe.start()
    status, seconds, size = CASES[name]()
    probe.stop.set()
    probe.join()
    print(f'attack {name}: {status}, {seconds:.1f} s, {size:,} B; health: slowest {probe.slowest * 1000:.0f} ms, '
          f'{probe.failed} of {probe.count} failed', flush=True)

#!/usr/bin/env python3
"""Makes the seed corpora of the wav and session fuzz targets (tests/fuzz/README.md):

    python3 tests/fuzz/make_seeds.py          # rewrites corpus/wav/ and corpus/session/

Every file is written byte by byte from integer signals (a triangle wave), so
the output is the same on every machine; only the FLAC, W64, VOC, u-law, A-law, GSM and ADPCM
seeds come from sox (no dither: -D), which is deterministic too. Each file is
under 4 KiB: libFuzzer mutates small inputs best. Needs python3 and sox."""
import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
WAV = os.path.join(HERE, "corpus", "wav")
SES = os.path.join(HERE, "corpus", "session")
SEP = b"\n---8<---\n"


def tri(n, period=40, amp=12000):
    """n samples of a triangle wave in -amp..amp, integers only."""
    out = []
    for i in range(n):
        k = i % period
        half = period // 2
        v = k if k < half else period - k
        out.append((v * 2 * amp) // half - amp)
    return out


def chunk(tag, body):
    pad = b"\0" if len(body) & 1 else b""
    return tag + struct.pack("<I", len(body)) + body + pad


def wav(frames, rate=16000, channels=1, bits=16, fmt=1, extensible=False, extra=b""):
    """A RIFF WAVE file. frames: list of per-channel tuples of ints (or floats for fmt 3)."""
    width = bits // 8
    data = bytearray()
    for fr in frames:
        for v in fr:
            if fmt == 3:
                data += struct.pack("<f" if bits == 32 else "<d", v)
            elif bits == 8:
                data += struct.pack("<B", (v >> 8) + 128)
            elif bits == 16:
                data += struct.pack("<h", v)
            elif bits == 24:
                data += struct.pack("<i", v << 8)[1:]
            else:
                data += struct.pack("<i", v << 16)
    align = channels * width
    if extensible:
        guid = struct.pack("<H", fmt) + b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
        body = struct.pack("<HHIIHH", 0xFFFE, channels, rate, rate * align, align, bits)
        body += struct.pack("<HHI", 22, bits, (1 << channels) - 1) + guid
    else:
        body = struct.pack("<HHIIHH", fmt, channels, rate, rate * align, align, bits)
    riff = b"WAVE" + chunk(b"fmt ", body) + extra + chunk(b"data", bytes(data))
    return b"RIFF" + struct.pack("<I", len(riff)) + riff


def aiff(samples, rate=8000, bits=16):
    def ext80(x):
        # IEEE 754 80-bit extended of a positive integer rate.
        e = x.bit_length() - 1
        return struct.pack(">HQ", 16383 + e, x << (63 - e))
    data = b"".join(struct.pack(">h", v) if bits == 16 else struct.pack(">b", v >> 8) for v in samples)
    comm = struct.pack(">hIh", 1, len(samples), bits) + ext80(rate)
    body = b"AIFF" + b"COMM" + struct.pack(">I", len(comm)) + comm
    ssnd = struct.pack(">II", 0, 0) + data
    body += b"SSND" + struct.pack(">I", len(ssnd)) + ssnd
    return b"FORM" + struct.pack(">I", len(body)) + body


def au(samples, rate=8000):
    data = b"".join(struct.pack(">h", v) for v in samples)
    return struct.pack(">4sIIIII", b".snd", 24, len(data), 3, rate, 1) + data


def mono(samples):
    return [(v,) for v in samples]


def put(folder, name, data):
    assert len(data) < 4096, (name, len(data))
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def sox(src_name, args, dst_name, effects=()):
    """Converts a seed with sox into another format (no dither)."""
    with tempfile.TemporaryDirectory() as tmp:
        dst = os.path.join(tmp, dst_name)
        subprocess.run(["sox", "-D", "-V1", os.path.join(WAV, src_name)] + args + [dst] + list(effects),
                       check=True)
        with open(dst, "rb") as f:
            return f.read()


def wav_seeds():
    s = tri(800)  # 0.05 s at 16 kHz
    put(WAV, "pcm16-16k-mono.wav", wav(mono(s)))
    put(WAV, "pcm16-8k-mono.wav", wav(mono(tri(800, 20)), rate=8000))
    put(WAV, "pcm8-8k-mono.wav", wav(mono(tri(1000, 20)), rate=8000, bits=8))
    put(WAV, "pcm24-16k-mono.wav", wav(mono(tri(600)), bits=24))
    put(WAV, "pcm32-16k-mono.wav", wav(mono(tri(400)), bits=32))
    put(WAV, "float32-16k-mono.wav", wav([(v / 32768.0,) for v in tri(400)], fmt=3, bits=32))
    put(WAV, "float64-8k-mono.wav", wav([(v / 32768.0,) for v in tri(200, 20)], rate=8000, fmt=3, bits=64))
    loud = [(v / 8000.0,) for v in tri(300)]  # beyond full scale: clipped
    put(WAV, "float32-too-loud.wav", wav(loud, fmt=3, bits=32))
    st = tri(882, 98)
    put(WAV, "pcm16-44k1-stereo.wav", wav([(v, -v) for v in st], rate=44100, channels=2))
    put(WAV, "pcm16-22k05-3ch.wav", wav([(v, v // 2, -v) for v in tri(300, 50)], rate=22050, channels=3))
    put(WAV, "pcm16-extensible.wav", wav(mono(tri(600)), extensible=True))
    put(WAV, "pcm16-with-list-chunk.wav",
        wav(mono(tri(400)), extra=chunk(b"LIST", b"INFOINAM" + struct.pack("<I", 6) + b"answer")))
    put(WAV, "pcm16-48k-mono.wav", wav(mono(tri(960, 96)), rate=48000))
    put(WAV, "pcm16-1-sample.wav", wav(mono([1234])))
    put(WAV, "pcm16-no-samples.wav", wav([]))
    put(WAV, "pcm16-rate-100.wav", wav(mono(tri(100, 10)), rate=100))
    put(WAV, "pcm16-rate-1.wav", wav(mono(tri(10, 4)), rate=1))
    put(WAV, "pcm16-0-channels.wav", wav(mono(tri(100)), channels=0))
    put(WAV, "aiff-8k-mono.aiff", aiff(tri(800, 20)))
    put(WAV, "aiff-8bit-8k.aiff", aiff(tri(400, 20), bits=8))
    put(WAV, "au-8k-mono.au", au(tri(800, 20)))
    put(WAV, "ulaw-8k.wav", sox("pcm16-8k-mono.wav", ["-e", "u-law"], "x.wav"))
    put(WAV, "alaw-8k.wav", sox("pcm16-8k-mono.wav", ["-e", "a-law"], "x.wav"))
    put(WAV, "ima-adpcm-8k.wav", sox("pcm16-8k-mono.wav", ["-e", "ima-adpcm"], "x.wav"))
    put(WAV, "ms-adpcm-8k.wav", sox("pcm16-8k-mono.wav", ["-e", "ms-adpcm"], "x.wav"))
    put(WAV, "gsm-8k.wav", sox("pcm16-8k-mono.wav", ["-e", "gsm-full-rate"], "x.wav"))
    put(WAV, "flac-16k.flac", sox("pcm16-16k-mono.wav", [], "x.flac"))
    put(WAV, "flac-8k.flac", sox("pcm16-8k-mono.wav", [], "x.flac"))
    put(WAV, "w64-8k.w64", sox("pcm16-8k-mono.wav", [], "x.w64"))
    put(WAV, "raw-header-only-voc.voc", sox("pcm16-8k-mono.wav", [], "x.voc"))

    good = wav(mono(tri(800)))
    put(WAV, "torn-header-zero-sizes.wav", good[:4] + b"\0\0\0\0" + good[8:40] + b"\0\0\0\0" + good[44:])
    put(WAV, "torn-header-short-count.wav", good[:40] + struct.pack("<I", 100) + good[44:])
    put(WAV, "torn-header-huge-count.wav", good[:40] + struct.pack("<I", 0x7FFFFFF0) + good[44:])
    put(WAV, "truncated-mid-sample.wav", good[:44 + 801])
    put(WAV, "truncated-in-header.wav", good[:30])
    put(WAV, "truncated-after-riff.wav", good[:12])
    put(WAV, "header-only.wav", good[:44])
    put(WAV, "riff-not-wave.wav", good[:8] + b"AVI " + good[12:])
    put(WAV, "fmt-chunk-huge.wav", good[:16] + struct.pack("<I", 0xFFFFFF00) + good[20:])
    put(WAV, "block-align-zero.wav", good[:32] + b"\0\0" + good[34:])
    put(WAV, "bits-zero.wav", good[:34] + b"\0\0" + good[36:])
    put(WAV, "not-a-sound.wav", b"say \"Good morning\"\nhangup\n")
    put(WAV, "empty.wav", b"")


def session_seeds():
    meta = (b'{\n  "format": 1,\n  "state": "recording",\n  "trainee": "Alex",\n'
            b'  "scenario_id": "rude-caller",\n  "scenario_title": "A rude caller",\n'
            b'  "scenario_path": "/usr/share/callcoach/scenarios/rude-caller.yaml",\n'
            b'  "standard_id": "northwind",\n  "standard_path": null,\n  "mode": "voice",\n'
            b'  "seed": 42,\n  "started_at": "2026-01-01T12:00:00+00:00",\n'
            b'  "started_unix": 1767268800,\n  "program": "callcoach",\n  "version": "0.1.0",\n'
            b'  "trainee_rate": 16000,\n  "caller_rate": 22050\n}\n')
    log = (b"# callcoach session log: rude-caller, 2026-01-01T12:00:00+00:00\n"
           b"at 3.2 pickup 1\n"
           b"at 4.0 say \"Good morning, Northwind Travel, this is Alex.\"\n"
           b"at 9.5 hold\nat 20.1 resume\nat 21.0 sa")
    good = wav(mono(tri(400)))
    torn = good[:4] + b"\0\0\0\0" + good[8:40] + b"\0\0\0\0" + good[44:]
    caller = wav(mono(tri(300)), rate=22050)
    put(SES, "whole-session", SEP.join([meta, log, torn, caller[:44 + 301]]))
    put(SES, "meta-only", meta)
    put(SES, "no-meta-log-only", SEP.join([b"", log]))
    put(SES, "headerless-wavs", SEP.join([meta, b"", good[44:], b"\x01\x02\x03"]))
    put(SES, "old-spool", SEP.join([meta, log, b"", b"", b"caller.8000.pcm.partial\n" + good[44:]]))
    put(SES, "spool-odd-bytes", SEP.join([meta, b"", b"", b"", b"trainee.16000.pcm.partial\n\x01\x02\x03"]))
    put(SES, "finished-with-partial", SEP.join([meta, log, good, good, b"result.json\n{}\n"]))
    put(SES, "recovered-already", SEP.join([meta, b"", b"", b"", b"recovered.txt\nRecovered.\n"]))
    esc = (b'{"trainee": "A\\u00e9\\u4e2d\\n\\"x\\"", "scenario_id": "s\\\\t",'
           b' "seed": 18446744073709551615, "started_unix": -1, "trainee_rate": 8000}')
    put(SES, "meta-escapes", SEP.join([esc, b"pickup 1\n", torn]))
    put(SES, "meta-unicode-cut", b'{"trainee": "\\u12')
    put(SES, "meta-backslash-end", b'{"trainee": "abc\\')
    put(SES, "meta-no-rate-torn-wav", SEP.join([b'{"trainee": "A", "scenario_id": "b"}', b"", b"\0" * 60]))
    wav_chunks = good[:36] + chunk(b"LIST", b"INFO" * 3) + good[36:40] + b"\0\0\0\0" + good[44:]
    put(SES, "wav-list-before-data", SEP.join([meta, b"", wav_chunks]))
    put(SES, "wav-block-align-3", SEP.join([meta, b"", good[:32] + b"\x03\x00" + good[34:] + b"\x01"]))


def main():
    if not shutil.which("sox"):
        sys.exit("make_seeds.py: sox is missing; install it (apt-get install sox)")
    for d in (WAV, SES):
        os.makedirs(d, exist_ok=True)
        for name in os.listdir(d):
            if not name.startswith("."):
                os.remove(os.path.join(d, name))
    wav_seeds()
    session_seeds()


if __name__ == "__main__":
    main()

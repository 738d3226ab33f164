#!/usr/bin/env python3
# Writes the VEC_* byte arrays of test-l2tp-avp.c into a pcap (UDP 1701) for `tshark -V -r`.
# Usage: l2tp-vectors-to-pcap.py test-l2tp-avp.c out.pcap
import re, struct, sys
src = open(sys.argv[1]).read()
vecs = []
for name, body in re.findall(r'static const uint8_t (VEC_\w+)\[\] = \{(.*?)\};', src, re.S):
    body = re.sub(r'/\*.*?\*/', '', body, flags=re.S)
    toks = [t.strip() for t in body.split(',') if t.strip()]
    b = bytes(ord(t[1]) if t.startswith("'") else int(t, 0) for t in toks)
    vecs.append((name, b))
def csum(h):
    s = sum(struct.unpack('!%dH' % (len(h)//2), h)); s = (s >> 16) + (s & 0xffff); s += s >> 16
    return (~s) & 0xffff
out = open(sys.argv[2], 'wb')
out.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
for i, (name, b) in enumerate(vecs):
    udp = struct.pack('!HHHH', 1701, 1701, 8 + len(b), 0) + b
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), i, 0, 64, 17, 0, bytes([192,0,2,2]), bytes([192,0,2,1]))
    ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
    eth = b'\x02' * 6 + b'\x04' * 6 + b'\x08\x00'
    pkt = eth + ip + udp
    out.write(struct.pack('<IIII', i, 0, len(pkt), len(pkt)) + pkt)
    print(i + 1, name, len(b))

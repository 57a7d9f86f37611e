"""Draws Echelon's icons (three chevrons in a rounded square) as PNGs, with no image library."""
import math, struct, zlib, sys, os

def png(path, size, pixel):
    rows = bytearray()
    for y in range(size):
        rows.append(0)
        for x in range(size):
            rows.extend(pixel(x, y))
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    data = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', size, size, 8, 6, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(bytes(rows), 9)) + chunk(b'IEND', b'')
    open(path, 'wb').write(data)

def seg_dist(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0, min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)

CHEVRONS = [[(9, 9 + o), (16, 14 + o), (23, 9 + o)] for o in (0, 6, 12)]

def in_mark(u, v, width):
    return any(seg_dist(u, v, *c[i], *c[i + 1]) <= width / 2 for c in CHEVRONS for i in range(2))

def in_rounded(u, v, r=8):
    cx, cy = min(max(u, r), 32 - r), min(max(v, r), 32 - r)
    return math.hypot(u - cx, v - cy) <= r

def render(size, background, mark, width, dot=None):
    ss = 4
    def pixel(x, y):
        acc = [0.0, 0.0, 0.0, 0.0]
        for sy in range(ss):
            for sx in range(ss):
                u = (x + (sx + 0.5) / ss) * 32 / size
                v = (y + (sy + 0.5) / ss) * 32 / size
                color = None
                if dot and math.hypot(u - dot[0], v - dot[1]) <= dot[2]:
                    color = dot[3]
                elif in_mark(u, v, width):
                    color = mark
                elif background and in_rounded(u, v):
                    color = background
                if color:
                    a = color[3] / 255
                    acc[0] += color[0] * a; acc[1] += color[1] * a; acc[2] += color[2] * a; acc[3] += a
        n = ss * ss
        alpha = acc[3] / n
        if alpha == 0:
            return (0, 0, 0, 0)
        return tuple(int(round(c / acc[3])) for c in acc[:3]) + (int(round(alpha * 255)),)
    return pixel

out = sys.argv[1]
indigo, white = (79, 70, 229, 255), (255, 255, 255, 255)
png(os.path.join(out, 'resources/icons/icon.png'), 512, render(512, indigo, white, 2.6))
png(os.path.join(out, 'renderer/public/favicon.png'), 64, render(64, indigo, white, 2.6))
png(os.path.join(out, 'resources/icons/tray.png'), 32, render(32, None, (120, 126, 140, 255), 3.2))
png(os.path.join(out, 'resources/icons/tray-busy.png'), 32, render(32, None, (120, 126, 140, 255), 3.2, dot=(26, 6, 5, (34, 197, 94, 255))))

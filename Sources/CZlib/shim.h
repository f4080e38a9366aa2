// zlib's init entry points are macros (deflateInit2, inflateInit2) that Swift does not import.
#ifndef KILN_CZLIB_SHIM_H
#define KILN_CZLIB_SHIM_H

#include <zlib.h>

static inline int kiln_deflate_init_gzip(z_stream *s, int level) {
    // 15 window bits + 16: a gzip header and trailer instead of zlib's.
    return deflateInit2(s, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
static inline int kiln_inflate_init_gzip(z_stream *s) {
    return inflateInit2(s, 15 + 16);
}

#endif

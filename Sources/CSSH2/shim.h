// libssh2 exposes much of its API as macros over *_ex functions; Swift cannot call macros.
#ifndef KILN_CSSH2_SHIM_H
#define KILN_CSSH2_SHIM_H

#include <libssh2.h>
#include <libssh2_sftp.h>

static inline LIBSSH2_SESSION *kiln_libssh2_session_init(void) { return libssh2_session_init(); }
static inline int kiln_libssh2_session_disconnect(LIBSSH2_SESSION *s, const char *description) {
    return libssh2_session_disconnect(s, description);
}
static inline LIBSSH2_CHANNEL *kiln_libssh2_channel_open_session(LIBSSH2_SESSION *s) {
    return libssh2_channel_open_session(s);
}
static inline int kiln_libssh2_channel_exec(LIBSSH2_CHANNEL *c, const char *command) {
    return libssh2_channel_exec(c, command);
}
static inline ssize_t kiln_libssh2_channel_read(LIBSSH2_CHANNEL *c, char *buf, size_t len) {
    return libssh2_channel_read(c, buf, len);
}
static inline ssize_t kiln_libssh2_channel_read_stderr(LIBSSH2_CHANNEL *c, char *buf, size_t len) {
    return libssh2_channel_read_stderr(c, buf, len);
}
static inline ssize_t kiln_libssh2_channel_write(LIBSSH2_CHANNEL *c, const char *buf, size_t len) {
    return libssh2_channel_write(c, buf, len);
}
static inline int kiln_libssh2_channel_send_eof(LIBSSH2_CHANNEL *c) { return libssh2_channel_send_eof(c); }
static inline LIBSSH2_SFTP_HANDLE *kiln_libssh2_sftp_open(LIBSSH2_SFTP *sftp, const char *path,
                                                          unsigned long flags, long mode) {
    return libssh2_sftp_open(sftp, path, flags, mode);
}
static inline int kiln_libssh2_sftp_close(LIBSSH2_SFTP_HANDLE *h) { return libssh2_sftp_close(h); }
static inline int kiln_libssh2_sftp_mkdir(LIBSSH2_SFTP *sftp, const char *path, long mode) {
    return libssh2_sftp_mkdir(sftp, path, mode);
}
static inline int kiln_libssh2_sftp_rename(LIBSSH2_SFTP *sftp, const char *from, const char *to) {
    return libssh2_sftp_rename(sftp, from, to);
}
static inline int kiln_libssh2_sftp_unlink(LIBSSH2_SFTP *sftp, const char *path) {
    return libssh2_sftp_unlink(sftp, path);
}
static inline int kiln_libssh2_sftp_stat(LIBSSH2_SFTP *sftp, const char *path, LIBSSH2_SFTP_ATTRIBUTES *attrs) {
    return libssh2_sftp_stat(sftp, path, attrs);
}
static inline int kiln_libssh2_sftp_setstat(LIBSSH2_SFTP *sftp, const char *path, LIBSSH2_SFTP_ATTRIBUTES *attrs) {
    return libssh2_sftp_setstat(sftp, path, attrs);
}
static inline int kiln_libssh2_sftp_fsetstat(LIBSSH2_SFTP_HANDLE *h, LIBSSH2_SFTP_ATTRIBUTES *attrs) {
    return libssh2_sftp_fsetstat(h, attrs);
}

#endif

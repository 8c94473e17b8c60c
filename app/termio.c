/* termio: lines in without blocking, lines out without losing what is typed.
 * Both readers put whole lines, '\n'-ended, into one buffer that
 * cc_termio_next_line() splits, so the host sees the same thing from a
 * keyboard as from a pipe. */
#define _POSIX_C_SOURCE 200809L
#include "termio.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"

#ifdef CC_HAVE_READLINE
#include <readline/history.h>
#include <readline/readline.h>
#endif

struct cc_termio {
    int fd;
    int editing;
    int eof;
    char prompt[128];
    cc_buf in; /* lines read and not yet taken; a partial last line from a pipe */
};

#ifdef CC_HAVE_READLINE
/* readline calls back without a user pointer; there is one cc_termio at a time. */
static cc_termio *editing_now;

static void on_line(char *line)
{
    cc_termio *t = editing_now;
    if (!t) {
        free(line);
        return;
    }
    if (!line) {
        /* Ctrl-D on an empty line: readline leaves the cursor after the prompt. */
        t->eof = 1;
        fputc('\n', stdout);
        rl_callback_handler_remove();
        t->editing = 0;
        return;
    }
    if (*line) add_history(line);
    cc_buf_puts(&t->in, line);
    cc_buf_puts(&t->in, "\n");
    free(line);
}
#endif

cc_termio *cc_termio_create(int fd, const char *prompt)
{
    cc_termio *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->fd = fd;
#ifdef CC_HAVE_READLINE
    /* readline reads stdin; anything else is read plainly. */
    if (fd == STDIN_FILENO && isatty(fd) && isatty(STDOUT_FILENO) && !editing_now) {
        /* The call owns Ctrl-C (it hangs up); readline must not catch it. */
        rl_catch_signals = 0;
        editing_now = t;
        t->editing = 1;
        snprintf(t->prompt, sizeof t->prompt, "%s", prompt);
        rl_callback_handler_install(t->prompt, on_line);
    }
#else
    (void)prompt;
#endif
    return t;
}

void cc_termio_free(cc_termio *t)
{
    if (!t) return;
#ifdef CC_HAVE_READLINE
    if (t->editing) {
        /* An empty prompt goes; what was typed stays, the cursor below it. */
        int typed = rl_end > 0;
        if (!typed) {
            rl_save_prompt();
            rl_redisplay();
        }
        rl_callback_handler_remove();
        if (typed) fputc('\n', stdout);
        else rl_restore_prompt();
        fflush(stdout);
    }
    if (editing_now == t) editing_now = NULL;
#endif
    cc_buf_reset(&t->in);
    free(t);
}

int cc_termio_fd(const cc_termio *t) { return t->eof ? -1 : t->fd; }

int cc_termio_editing(const cc_termio *t) { return t->editing; }

int cc_termio_read(cc_termio *t)
{
    if (t->eof) return 0;
#ifdef CC_HAVE_READLINE
    if (t->editing) {
        rl_callback_read_char();
        return 0;
    }
#endif
    char chunk[4096];
    ssize_t n = read(t->fd, chunk, sizeof chunk);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return 0;
    if (n <= 0) {
        /* The last line may lack its line end: it is still a line. */
        if (t->in.len > 0 && t->in.data[t->in.len - 1] != '\n') cc_buf_puts(&t->in, "\n");
        t->eof = 1;
        return n < 0 ? -1 : 0;
    }
    cc_buf_append(&t->in, chunk, (size_t)n);
    return 0;
}

char *cc_termio_next_line(cc_termio *t)
{
    if (t->in.len == 0) return NULL;
    char *nl = memchr(t->in.data, '\n', t->in.len);
    if (!nl) return NULL;
    size_t n = (size_t)(nl - t->in.data);
    char *line = malloc(n + 1);
    if (!line) return NULL;
    memcpy(line, t->in.data, n);
    line[n] = '\0';
    if (n > 0 && line[n - 1] == '\r') line[n - 1] = '\0';
    t->in.len -= n + 1;
    memmove(t->in.data, nl + 1, t->in.len + 1); /* with the NUL */
    return line;
}

void cc_termio_set_prompt(cc_termio *t, const char *prompt)
{
    if (!t->editing || strcmp(t->prompt, prompt) == 0) return;
    snprintf(t->prompt, sizeof t->prompt, "%s", prompt);
#ifdef CC_HAVE_READLINE
    rl_set_prompt(t->prompt);
    rl_redisplay();
#endif
}

int cc_termio_ended(const cc_termio *t) { return t->eof && t->in.len == 0; }

const char *cc_termio_typing(const cc_termio *t)
{
#ifdef CC_HAVE_READLINE
    if (t->editing && rl_line_buffer) return rl_line_buffer;
#endif
    (void)t;
    return "";
}

void cc_termio_print(cc_termio *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
#ifdef CC_HAVE_READLINE
    if (t && t->editing) {
        /* Take the prompt line away, print, then put it back as it was. */
        int point = rl_point;
        char *typed = rl_copy_text(0, rl_end);
        rl_save_prompt();
        rl_replace_line("", 0);
        rl_redisplay();
        vprintf(fmt, ap);
        fflush(stdout);
        rl_restore_prompt();
        rl_replace_line(typed ? typed : "", 0);
        rl_point = point;
        rl_redisplay();
        free(typed);
        va_end(ap);
        return;
    }
#endif
    (void)t;
    vprintf(fmt, ap);
    fflush(stdout);
    va_end(ap);
}

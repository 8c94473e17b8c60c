/* termio: the terminal mode's input lines and its lines that come between.
 *
 * Contract: reads lines from a file descriptor without ever blocking, so the
 * call's clock goes on while the trainee types. On a terminal (and when
 * callcoach is built with GNU readline) the line is edited with readline's
 * callback interface: a line printed with cc_termio_print() while the trainee
 * is typing appears above the prompt, and what was typed stays, cursor and
 * all. Elsewhere (pipes, files, tests) it is a plain line reader. The host
 * polls cc_termio_fd() and calls cc_termio_read() when it is readable.
 * Threads: one thread. Ownership: readline's state is global, so there is one
 * cc_termio at a time; lines handed out belong to the caller (free()). */
#ifndef CC_TERMIO_H
#define CC_TERMIO_H

typedef struct cc_termio cc_termio;

/* Takes over fd (the terminal's settings too, when editing) until freed.
 * NULL on out-of-memory. */
cc_termio *cc_termio_create(int fd, const char *prompt);
/* Gives the terminal back, the cursor on a fresh line. Accepts NULL. */
void cc_termio_free(cc_termio *t);
/* The descriptor to poll, or -1 once input has ended. */
int cc_termio_fd(const cc_termio *t);
/* Takes what is there to read. 0; -1 when reading failed (input then ends). */
int cc_termio_read(cc_termio *t);
/* The next whole line, without its line end (malloc'd), or NULL for none yet. */
char *cc_termio_next_line(cc_termio *t);
/* Input ended (Ctrl-D on an empty line, end of file) and every line was taken. */
int cc_termio_ended(const cc_termio *t);
/* What is typed on the prompt and not yet entered; "" without an editor. */
const char *cc_termio_typing(const cc_termio *t);
/* 1 when lines are edited on a terminal. */
int cc_termio_editing(const cc_termio *t);
/* Changes the prompt (shown only when editing), redrawing it if it differs. */
void cc_termio_set_prompt(cc_termio *t, const char *prompt);
/* printf to stdout, above the prompt when editing; ends with the line end given. */
void cc_termio_print(cc_termio *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif

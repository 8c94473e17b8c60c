#include "fixture.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "text.h"

static void grows_and_escapes(void **state)
{
    (void)state;
    cc_buf b = CC_BUF_INIT;
    assert_string_equal(cc_buf_str(&b), "");
    for (int i = 0; i < 1000; i++) cc_buf_printf(&b, "%d,", i);
    assert_int_equal(b.len, 3890);
    assert_false(b.failed);
    cc_buf_reset(&b);
    cc_buf_json_string(&b, "say \"hi\"\\\n\t\x01 é");
    assert_string_equal(cc_buf_str(&b), "\"say \\\"hi\\\"\\\\\\n\\t\\u0001 é\"");
    char *s = cc_buf_take(&b);
    assert_string_equal(s, "\"say \\\"hi\\\"\\\\\\n\\t\\u0001 é\"");
    assert_null(b.data);
    free(s);
    s = cc_buf_take(&b); /* empty takes as "" */
    assert_string_equal(s, "");
    free(s);
    b.failed = 1;
    cc_buf_puts(&b, "ignored");
    assert_null(cc_buf_take(&b));
}

/* cc_grow: room for element n, new slots zeroed, the array kept on refusal. */
static void grow_makes_room_zeroed(void **state)
{
    (void)state;
    int *v = NULL;
    size_t cap = 0;
    for (size_t n = 0; n < 100; n++) {
        assert_int_equal(cc_grow((void **)&v, &cap, n, sizeof *v), 0);
        assert_true(cap > n);
        assert_int_equal(v[n], 0);
        v[n] = (int)n + 1;
    }
    for (size_t n = 0; n < 100; n++) assert_int_equal(v[n], (int)n + 1);
    size_t before = cap;
    assert_int_equal(cc_grow((void **)&v, &cap, (size_t)-1 / 2, sizeof *v), -1);
    assert_int_equal(cap, before);
    assert_int_equal(v[99], 100);
    free(v);
    char *s = cc_strdup("héllo");
    assert_string_equal(s, "héllo");
    free(s);
    assert_null(cc_strdup(NULL));
}

/* cc_utf8_len: well-formed sequences by their length; overlongs, surrogates,
 * values past U+10FFFF, stray continuation bytes and cut sequences are 0. */
static void utf8_len_by_table_3_7(void **state)
{
    (void)state;
    struct { const char *s; size_t want; } cases[] = {
        {"a", 1}, {"\xC3\xA9", 2}, {"\xE2\x82\xAC", 3}, {"\xF0\x9F\x98\x80", 4},
        {"\xC0\xAF", 0}, {"\xE0\x80\xAF", 0}, {"\xED\xA0\x80", 0}, {"\xF4\x90\x80\x80", 0},
        {"\x80", 0}, {"\xC3", 0}, {"\xE2\x82", 0}, {"\xF8\x88\x80\x80\x80", 0},
        {"\xEF\xBF\xBF", 3}, {"\xF4\x8F\xBF\xBF", 4},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const unsigned char *p = (const unsigned char *)cases[i].s;
        if (cc_utf8_len(p, strlen(cases[i].s)) != cases[i].want) fail_msg("case %zu", i);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(grows_and_escapes),
                                       cmocka_unit_test(grow_makes_room_zeroed),
                                       cmocka_unit_test(utf8_len_by_table_3_7)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

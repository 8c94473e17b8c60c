#include "fixture.h"

#include <stdlib.h>

#include "buf.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(grows_and_escapes)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

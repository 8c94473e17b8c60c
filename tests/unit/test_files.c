#define _POSIX_C_SOURCE 200809L
#include "fixture.h"

#include <stdlib.h>
#include <unistd.h>

#include "files.h"

static void reads_loads_and_refuses(void **state)
{
    (void)state;
    cc_diags *d = cc_diags_create();
    char *data;
    size_t len;
    assert_int_equal(cc_file_read("/nonexistent/x.yaml", 100, &data, &len, d), CC_FILE_MISSING);
    assert_null(data);
    char dir[] = "/tmp/cc-files-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/big.yaml", dir);
    FILE *f = fopen(path, "w");
    for (int i = 0; i < 200; i++) fputs("0123456789", f);
    fclose(f);
    assert_int_equal(cc_file_read(path, 1000, &data, &len, d), CC_FILE_BAD);
    assert_int_equal(cc_file_read(path, 5000, &data, &len, d), CC_FILE_OK);
    assert_int_equal(len, 2000);
    assert_int_equal(data[len], '\0');
    free(data);
    unlink(path);
    rmdir(dir);

    char sp[512], cp[512];
    snprintf(sp, sizeof sp, "%s/fixtures/standard.yaml", CC_TEST_DIR);
    snprintf(cp, sizeof cp, "%s/fixtures/call.yaml", CC_TEST_DIR);
    cc_standard *std;
    cc_scenario *scn;
    assert_int_equal(cc_standard_load_file(sp, &std, d), CC_FILE_OK);
    assert_int_equal(cc_scenario_load_file(cp, std, &scn, d), CC_FILE_OK);
    cc_scenario_free(scn);
    assert_int_equal(cc_scenario_load_file(sp, std, &scn, d), CC_FILE_BAD); /* a standard is no scenario */
    assert_null(scn);
    cc_standard_free(std);
    cc_diags_free(d);
}

static void tells_the_kind(void **state)
{
    (void)state;
    static const char a[] = "# comment\n---\ntitle: x\nstandard: s\n";
    static const char b[] = "\xEF\xBB\xBFscenario: s\r\n";
    static const char c[] = "  scenario: indented\nother: 1\n";
    assert_string_equal(cc_file_kind(a, strlen(a)), "standard");
    assert_string_equal(cc_file_kind(b, strlen(b)), "scenario");
    assert_null(cc_file_kind(c, strlen(c)));
    assert_null(cc_file_kind("", 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_loads_and_refuses),
        cmocka_unit_test(tells_the_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

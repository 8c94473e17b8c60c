/* The shipped standard and scenarios, loaded the same way by every content test
 * program (include once, after <cmocka.h>): the standard in setup(), each scenario
 * by id with load(), which fails the test on any diagnostic. */
#ifndef CC_TEST_SHIPPED_H
#define CC_TEST_SHIPPED_H

#include <stdio.h>

#include "files.h"

static cc_standard *std;

static void print_diags(cc_diags *d)
{
    char line[1024];
    for (size_t i = 0; i < cc_diags_count(d); i++) {
        cc_diag_format(cc_diags_get(d, i), line, sizeof line);
        print_error("%s\n", line);
    }
}

static int setup(void **state)
{
    (void)state;
    cc_diags *d = cc_diags_create();
    cc_standard_load_file(CC_DATA_DIR "/scenarios/standard.yaml", &std, d);
    print_diags(d);
    cc_diags_free(d);
    return std ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cc_standard_free(std);
    return 0;
}

static cc_scenario *load(const char *id)
{
    char path[512];
    snprintf(path, sizeof path, "%s/scenarios/%s.yaml", CC_DATA_DIR, id);
    cc_diags *d = cc_diags_create();
    cc_scenario *s = NULL;
    cc_scenario_load_file(path, std, &s, d);
    if (cc_diags_count(d)) print_diags(d);
    assert_int_equal(cc_diags_count(d), 0); /* no errors and no warnings either */
    cc_diags_free(d);
    assert_non_null(s);
    return s;
}

#endif

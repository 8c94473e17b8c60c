/* The history test_report.c and test_export.c both read (so the same golden
 * files hold for the program and the library): Alex plays every take of a
 * shipped scenario, the model take last, in practice with spoken answers;
 * Sam then plays the ones that are not the model, in assessment, typed. One
 * hour apart, from 2024-03-04 09:00 UTC, each in a session folder. Alex's
 * first call ends with an outcome, and is retried from its second turn half
 * an hour later (a retry: not an attempt). Returns the number of sessions. */
#ifndef CC_REPORT_HISTORY_H
#define CC_REPORT_HISTORY_H

#include "storetest.h"

#include "history.h"
#include "session.h"

static inline size_t st_report_history(const char *data)
{
    char err[512];
    cc_history *h = NULL;
    size_t count = 0;
    assert_int_equal(cc_history_open(data, 0, &h, err, sizeof err), 0);
    int64_t t = 1709542800;
    for (int pass = 0; pass < 2; pass++) {
        const char *trainee = pass == 0 ? "Alex" : "Sam";
        for (size_t s = 0; s < sizeof st_shipped / sizeof *st_shipped; s++) {
            cc_scenario *scn = st_scenario(st_shipped[s]);
            size_t n;
            char **takes = st_takes(st_shipped[s], &n);
            for (size_t round = 0; round < 2; round++)
                for (size_t i = 0; i < n; i++) {
                    int model = strstr(takes[i], "/model.take") != NULL;
                    if (model != (int)round || (pass == 1 && model)) continue;
                    int first = count == 0;
                    char original[256] = "";
                    for (int retry = 0; retry <= first; retry++) {
                        st_call c;
                        st_play_file(scn, takes[i], trainee, 1, &c);
                        if (first && !retry) {
                            free(c.res->outcome); /* the scenario's own, replaced to test the column */
                            c.res->outcome = strdup("callback-agreed");
                        }
                        int64_t at = retry ? t + 1800 : t;
                        cc_session_meta m = {trainee, scn->path, scn->id, scn->title,
                                             st_standard()->path, st_standard()->id, "take", 1, at,
                                             NULL, pass == 0 ? "practice" : "assessment",
                                             pass == 0 ? "spoken" : "typed",
                                             retry ? original : NULL, 1, retry ? 5000 : 0};
                        cc_session *ses = NULL;
                        assert_int_equal(cc_session_begin(data, &m, &ses, err, sizeof err), 0);
                        assert_int_equal(cc_session_finish(ses, st_standard(), scn, c.rec, c.res, err,
                                                           sizeof err),
                                         0);
                        cc_history_how how = {"take", m.mode, m.answers, m.retry_of,
                                              cc_session_name(ses), m.retry_turn, m.kept_ms, at};
                        assert_int_equal(cc_history_add_result(h, st_standard(), scn, c.rec, c.res,
                                                               &how, NULL, err, sizeof err),
                                         0);
                        snprintf(original, sizeof original, "%s", cc_session_name(ses));
                        cc_session_free(ses);
                        st_call_free(&c);
                        count++;
                    }
                    t += 3600;
                }
            st_free_list(takes, n);
            cc_scenario_free(scn);
        }
    }
    cc_history_close(h);
    return count;
}

#endif

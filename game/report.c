#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "feedback.h"

static const char *caller_line(const cc_record *rec, const cc_turn *t)
{
    return t->say >= 0 ? rec->said[t->say].text : NULL;
}

/* First start and last end of the trainee's speech in a turn. */
static int speech_span(const cc_record *rec, int turn, int64_t *start, int64_t *end)
{
    int any = 0;
    for (size_t i = 0; i < rec->nutterances; i++) {
        const cc_utterance *u = &rec->utterances[i];
        if (u->turn != turn) continue;
        if (!any || u->start < *start) *start = u->start;
        if (!any || u->end > *end) *end = u->end;
        any = 1;
    }
    return any;
}

/* The "Try:" phrase for a failed rule, from this call (feedback.h). */
static char *filled_model(const cc_scenario *scn, const cc_standard *std, const cc_record *rec,
                          const cc_result *res, int rule)
{
    cc_slots *sl = cc_scenario_slots(std, scn, rec->trainee);
    char *s = sl ? cc_feedback_model(std, scn, rec, res, rule, sl) : NULL;
    cc_slots_free(sl);
    return s;
}

static const cc_outcome *result_outcome(const cc_standard *std, const cc_result *res)
{
    int o = res->outcome ? cc_standard_find_outcome(std, res->outcome) : -1;
    return o >= 0 ? &std->outcomes[o] : NULL;
}

static void clock_text(cc_buf *b, int64_t ms)
{
    if (ms < 0) ms = 0;
    long s = (long)(ms / 1000);
    cc_buf_printf(b, "%ld:%02ld", s / 60, s % 60);
}

void cc_report_text(cc_buf *b, const cc_standard *std, const cc_scenario *scn,
                    const cc_record *rec, const cc_result *res)
{
    cc_buf_printf(b, "%s: %s\n", scn->id, scn->title);
    cc_buf_printf(b, "Standard: %s (%s)\nTrainee: %s\n", std->id, std->title, rec->trainee);
    for (int line = 1; line <= CC_MAX_LINES; line++) {
        const cc_line_result *l = &rec->lines[line];
        if (!l->rang) continue;
        if (l->answered) cc_buf_printf(b, "Line %d answered on ring %d\n", line, l->ring);
        else cc_buf_printf(b, "Line %d was not answered\n", line);
    }
    for (size_t t = 0; t < rec->nturns; t++) {
        const cc_turn *turn = &rec->turns[t];
        cc_buf_printf(b, "\nTurn %zu, line %d, ", t + 1, turn->line);
        clock_text(b, turn->entered);
        cc_buf_puts(b, "\n");
        const char *cl = caller_line(rec, turn);
        if (cl) cc_buf_printf(b, "  Caller: %s\n", cl);
        char *said = cc_record_turn_text(rec, (int)t, 0);
        if (said && *said) cc_buf_printf(b, "  You:    %s\n", said);
        else if (said) cc_buf_puts(b, "  You:    (nothing)\n");
        free(said);
        for (size_t i = 0; i < res->nturn_verdicts; i++) {
            const cc_turn_verdict *v = &res->turn_verdicts[i];
            if (v->turn != (int)t) continue;
            /* A clean turn does not need a line per forbidden phrase list. */
            if (std->rules[v->rule].kind == CC_DETECT_FORBIDDEN && v->verdict == CC_VERDICT_PASS)
                continue;
            cc_buf_printf(b, "  %-4s  %-20s %s\n", v->verdict == CC_VERDICT_PASS ? "ok" : "FAIL",
                          std->rules[v->rule].id, v->evidence);
        }
    }
    cc_buf_printf(b, "\nScore: %d/100, %s (pass mark %d)%s\n", res->score,
                  res->passed ? "PASSED" : "NOT PASSED", std->pass_mark,
                  res->critical_failed ? "; a critical rule failed" : "");
    const cc_outcome *oc = result_outcome(std, res);
    if (oc) {
        cc_buf_printf(b, "Outcome: %s (%s)", oc->id, oc->title);
        if (oc->effect == CC_EFFECT_FAIL) cc_buf_puts(b, ": the call fails");
        else if (oc->effect == CC_EFFECT_CAP) cc_buf_printf(b, ": the score is at most %d", oc->cap);
        cc_buf_puts(b, "\n");
    }
    int header = 0;
    for (size_t i = 0; i < res->nrules; i++) {
        const cc_rule_verdict *v = &res->rules[i];
        if (v->verdict != CC_VERDICT_FAIL) continue;
        const cc_rule *r = &std->rules[i];
        if (!header) cc_buf_puts(b, "\nTo work on:\n");
        header = 1;
        cc_buf_printf(b, "- %s%s: %s", r->title, r->critical ? " (critical)" : "", r->feedback);
        if (v->turn >= 0) cc_buf_printf(b, " [turn %d: %s]\n", v->turn + 1, v->evidence);
        else cc_buf_printf(b, " [%s]\n", v->evidence);
        char *model = filled_model(scn, std, rec, res, (int)i);
        if (model) cc_buf_printf(b, "  Try: \"%s\"\n", model);
        free(model);
    }
    int npass = 0, nna = 0;
    for (size_t i = 0; i < res->nrules; i++) {
        if (res->rules[i].verdict == CC_VERDICT_PASS) npass++;
        if (res->rules[i].verdict == CC_VERDICT_NA) nna++;
    }
    cc_buf_printf(b, "\n%d rules passed, %d failed, %d did not apply.\n", npass,
                  (int)res->nrules - npass - nna, nna);
}

static void json_time(cc_buf *b, int64_t ms)
{
    if (ms == CC_NO_TIME) cc_buf_puts(b, "null");
    else cc_buf_printf(b, "%.3f", (double)ms / 1000.0);
}

static void json_str_or_null(cc_buf *b, const char *s)
{
    if (s) cc_buf_json_string(b, s);
    else cc_buf_puts(b, "null");
}

void cc_report_json(cc_buf *b, const cc_standard *std, const cc_scenario *scn,
                    const cc_record *rec, const cc_result *res)
{
    cc_buf_puts(b, "{\"scenario\":");
    cc_buf_json_string(b, scn->id);
    cc_buf_puts(b, ",\"standard\":");
    cc_buf_json_string(b, std->id);
    cc_buf_puts(b, ",\"trainee\":");
    cc_buf_json_string(b, rec->trainee);
    cc_buf_printf(b, ",\"seed\":%llu,\"score\":%d,\"passed\":%s,\"pass_mark\":%d,"
                     "\"critical_failed\":%s",
                  (unsigned long long)rec->seed, res->score, res->passed ? "true" : "false",
                  std->pass_mark, res->critical_failed ? "true" : "false");
    const cc_outcome *oc = result_outcome(std, res);
    cc_buf_puts(b, ",\"outcome\":");
    json_str_or_null(b, res->outcome);
    cc_buf_puts(b, ",\"outcome_title\":");
    json_str_or_null(b, oc ? oc->title : NULL);
    cc_buf_puts(b, ",\"outcome_effect\":");
    json_str_or_null(b, oc ? cc_effect_name(oc->effect) : NULL);
    cc_buf_puts(b, ",\"lines\":[");
    int first = 1;
    static const char *const ends[] = {"none", "caller", "trainee", "transfer", "missed"};
    for (int line = 1; line <= CC_MAX_LINES; line++) {
        const cc_line_result *l = &rec->lines[line];
        if (!l->rang) continue;
        cc_buf_printf(b, "%s{\"line\":%d,\"answered\":%s,\"ring\":%d,\"ended_by\":\"%s\"}",
                      first ? "" : ",", line, l->answered ? "true" : "false", l->ring,
                      ends[l->end]);
        first = 0;
    }
    cc_buf_puts(b, "],\"turns\":[");
    for (size_t t = 0; t < rec->nturns; t++) {
        const cc_turn *turn = &rec->turns[t];
        cc_buf_printf(b, "%s{\"turn\":%zu,\"line\":%d,\"node\":", t ? "," : "", t, turn->line);
        cc_buf_json_string(b, scn->nodes[turn->node].id);
        cc_buf_puts(b, ",\"caller\":");
        json_str_or_null(b, caller_line(rec, turn));
        char *said = cc_record_turn_text(rec, (int)t, 0);
        cc_buf_puts(b, ",\"trainee\":");
        json_str_or_null(b, said && *said ? said : NULL);
        free(said);
        int64_t start = 0, end = 0;
        int spoke = speech_span(rec, (int)t, &start, &end);
        cc_buf_puts(b, ",\"start\":");
        json_time(b, spoke ? start : CC_NO_TIME);
        cc_buf_puts(b, ",\"end\":");
        json_time(b, spoke ? end : CC_NO_TIME);
        cc_buf_puts(b, ",\"verdicts\":[");
        int f = 1;
        for (size_t i = 0; i < res->nturn_verdicts; i++) {
            const cc_turn_verdict *v = &res->turn_verdicts[i];
            if (v->turn != (int)t) continue;
            cc_buf_printf(b, "%s{\"id\":", f ? "" : ",");
            cc_buf_json_string(b, std->rules[v->rule].id);
            cc_buf_printf(b, ",\"verdict\":\"%s\",\"evidence\":", cc_verdict_name(v->verdict));
            cc_buf_json_string(b, v->evidence);
            cc_buf_puts(b, "}");
            f = 0;
        }
        cc_buf_puts(b, "]}");
    }
    cc_buf_puts(b, "],\"rules\":[");
    for (size_t i = 0; i < res->nrules; i++) {
        const cc_rule *r = &std->rules[i];
        const cc_rule_verdict *v = &res->rules[i];
        cc_buf_printf(b, "%s{\"id\":", i ? "," : "");
        cc_buf_json_string(b, r->id);
        cc_buf_puts(b, ",\"title\":");
        cc_buf_json_string(b, r->title);
        cc_buf_puts(b, ",\"phase\":");
        cc_buf_json_string(b, r->phase);
        cc_buf_printf(b, ",\"weight\":%d,\"critical\":%s,\"verdict\":\"%s\",\"evidence\":",
                      r->weight, r->critical ? "true" : "false", cc_verdict_name(v->verdict));
        cc_buf_json_string(b, v->evidence);
        cc_buf_puts(b, ",\"turn\":");
        if (v->turn >= 0) cc_buf_printf(b, "%d", v->turn);
        else cc_buf_puts(b, "null");
        cc_buf_puts(b, ",\"at\":");
        json_time(b, v->at);
        cc_buf_puts(b, ",\"feedback\":");
        json_str_or_null(b, v->verdict == CC_VERDICT_FAIL ? r->feedback : NULL);
        cc_buf_puts(b, ",\"model\":");
        char *model = v->verdict == CC_VERDICT_FAIL ? filled_model(scn, std, rec, res, (int)i) : NULL;
        json_str_or_null(b, model);
        free(model);
        cc_buf_puts(b, "}");
    }
    cc_buf_puts(b, "]}\n");
}

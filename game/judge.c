#include "judge.h"

#include <string.h>

#include "buf.h"
#include "phrase.h"

static int asks_for(const cc_rule *r, const cc_fact *f)
{
    for (size_t i = 0; i < r->nfacts; i++)
        if (strcmp(r->facts[i], f->kind) == 0 || strcmp(r->facts[i], f->name) == 0) return 1;
    return 0;
}

size_t cc_judge_facts_at(const cc_standard *std, const cc_scenario *scn, int node, int rule)
{
    if (!scn || node < 0 || (size_t)node >= scn->nnodes || rule < 0) return 0;
    const cc_rule *r = &std->rules[rule];
    const cc_node *n = &scn->nodes[node];
    size_t k = 0;
    if (r->kind != CC_DETECT_PHRASE) return 0;
    for (size_t i = 0; i < n->nfacts; i++) k += asks_for(r, &n->facts[i]);
    return k;
}

static void put(char *out, size_t n, const char *s)
{
    size_t len = strlen(out), add = strlen(s);
    if (len + add >= n) add = n - len - 1;
    memcpy(out + len, s, add);
    out[len + add] = '\0';
}

int cc_judge_answer(const cc_standard *std, const cc_scenario *scn, int node, int rule,
                    const char *text, const cc_slots *slots, cc_judgement *out)
{
    memset(out, 0, sizeof *out);
    const cc_rule *r = &std->rules[rule];
    size_t asked = cc_judge_facts_at(std, scn, node, rule);
    if (!asked) {
        int hit = cc_rule_hit(r, text, slots, out->evidence, sizeof out->evidence);
        if (hit < 0) return -1;
        out->hit = hit;
        return 0;
    }
    out->by_facts = 1;
    const cc_node *n = &scn->nodes[node];
    char stated[CC_JUDGE_EVIDENCE] = "", missing[CC_JUDGE_EVIDENCE] = "";
    size_t nstated = 0;
    for (size_t i = 0; i < n->nfacts; i++) {
        const cc_fact *f = &n->facts[i];
        if (!asks_for(r, f)) continue;
        char ev[160];
        int hit = cc_phrases_hit(f->say, f->nsay, std->settings.max_gap, 0, text, slots, ev,
                                 sizeof ev);
        if (hit < 0) return -1;
        char *list = hit ? stated : missing;
        if (*list) put(list, CC_JUDGE_EVIDENCE, ", ");
        if (hit) {
            put(stated, sizeof stated, "\"");
            put(stated, sizeof stated, ev);
            put(stated, sizeof stated, "\" (");
            put(stated, sizeof stated, f->name);
            put(stated, sizeof stated, ")");
            nstated++;
        } else {
            put(missing, sizeof missing, f->name);
        }
    }
    size_t need = r->facts_min > 0 && (size_t)r->facts_min < asked ? (size_t)r->facts_min : asked;
    out->hit = nstated >= need;
    put(out->evidence, sizeof out->evidence, out->hit ? stated : missing);
    return 0;
}

#include "feedback.h"

#include <stdlib.h>

static int expects(const cc_node *n, int rule)
{
    for (size_t i = 0; i < n->nexpect; i++)
        if (n->expect[i] == rule) return 1;
    return 0;
}

static const char *node_model(const cc_standard *std, const cc_node *n, int rule)
{
    for (size_t i = 0; i < n->nmodels; i++)
        if (n->model_rules[i] == rule) return n->model_texts[i];
    if (n->model && (expects(n, rule) || std->rules[rule].kind == CC_DETECT_FORBIDDEN))
        return n->model;
    return NULL;
}

/* The candidate filled, or NULL when it leaves a slot unfilled. */
static char *filled(const cc_slots *slots, const char *text)
{
    if (!text || cc_slots_missing(slots, text, NULL, 0)) return NULL;
    return cc_slots_fill(slots, text);
}

char *cc_feedback_model(const cc_standard *std, const cc_scenario *scn, const cc_record *rec,
                        const cc_result *res, int rule, const cc_slots *slots)
{
    if (rule < 0 || (size_t)rule >= std->nrules) return NULL;
    const cc_rule_verdict *v = &res->rules[rule];
    char *m = NULL;
    if (v->turn >= 0 && (size_t)v->turn < rec->nturns) {
        int node = rec->turns[v->turn].node;
        if (node >= 0 && (size_t)node < scn->nnodes)
            m = filled(slots, node_model(std, &scn->nodes[node], rule));
    }
    for (size_t i = 0; !m && i < scn->nnodes; i++)
        if (expects(&scn->nodes[i], rule)) m = filled(slots, node_model(std, &scn->nodes[i], rule));
    if (!m) m = filled(slots, std->rules[rule].model);
    return m;
}

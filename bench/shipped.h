/* shipped: the shipped scenarios a benchmark plays, found once for all of them.
 * Header-only, like stats.h, so each benchmark stays one file. Needs CC_SOURCE_DIR. */
#ifndef CC_BENCH_SHIPPED_H
#define CC_BENCH_SHIPPED_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"

static inline int bench_is_scenario_file(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strcmp(dot, ".yaml") != 0) return 0;
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    static char data[1 << 20];
    size_t len = fread(data, 1, sizeof data - 1, f);
    fclose(f);
    data[len] = '\0';
    return strcmp(cc_file_kind(data, len), "scenario") == 0;
}

static inline int bench_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The paths of the scenario files in CC_SOURCE_DIR/scenarios (not its subfolders), sorted,
 * malloc'd into files[0..max). Returns how many; -1 when the folder cannot be read. */
static inline long bench_shipped_scenarios(char **files, size_t max)
{
    size_t n = 0;
    DIR *dir = opendir(CC_SOURCE_DIR "/scenarios");
    if (!dir) return -1;
    for (struct dirent *d; (d = readdir(dir)) && n < max;) {
        char path[1024];
        snprintf(path, sizeof path, "%s/scenarios/%s", CC_SOURCE_DIR, d->d_name);
        if (bench_is_scenario_file(path) && (files[n] = strdup(path))) n++;
    }
    closedir(dir);
    qsort(files, n, sizeof *files, bench_cmp_str);
    return (long)n;
}

#endif

/* Replays inputs through a fuzz target without libFuzzer, so every compiler
 * can run the corpus and the regressions as ordinary tests:
 *   replay_TARGET PATH...
 * Each PATH is a file or a folder (its files, in name order, not recursing).
 * Prints how many inputs ran; exits 1 when none could be read, which would
 * mean the test runs nothing. A crash or a broken contract aborts, as it
 * would under libFuzzer. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return -1;
    }
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            fclose(f);
            fprintf(stderr, "replay: out of memory reading %s\n", path);
            return -1;
        }
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap) break;
        cap *= 2;
        uint8_t *p = realloc(buf, cap);
        if (!p) free(buf);
        buf = p;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        fprintf(stderr, "replay: cannot read %s\n", path);
        return -1;
    }
    /* An exact-size copy, so a read past the end is caught by ASan/valgrind. */
    uint8_t *exact = malloc(n ? n : 1);
    if (!exact) {
        free(buf);
        return -1;
    }
    memcpy(exact, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    size_t ran = 0;
    int failed = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: no such file or folder: %s\n", argv[i]);
            failed = 1;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            if (run_file(argv[i]) == 0) ran++;
            else failed = 1;
            continue;
        }
        DIR *dir = opendir(argv[i]);
        if (!dir) {
            fprintf(stderr, "replay: cannot open folder %s\n", argv[i]);
            failed = 1;
            continue;
        }
        char **names = NULL;
        size_t count = 0, cap = 0;
        struct dirent *e;
        while ((e = readdir(dir))) {
            if (e->d_name[0] == '.') continue; /* ., .. and hidden files (.gitkeep) */
            if (count == cap) {
                cap = cap ? cap * 2 : 64;
                char **p = realloc(names, cap * sizeof *p);
                if (!p) abort();
                names = p;
            }
            size_t need = strlen(argv[i]) + strlen(e->d_name) + 2;
            names[count] = malloc(need);
            if (!names[count]) abort();
            snprintf(names[count], need, "%s/%s", argv[i], e->d_name);
            count++;
        }
        closedir(dir);
        if (count) qsort(names, count, sizeof *names, by_name);
        for (size_t k = 0; k < count; k++) {
            if (stat(names[k], &st) == 0 && S_ISREG(st.st_mode)) {
                if (run_file(names[k]) == 0) ran++;
                else failed = 1;
            }
            free(names[k]);
        }
        free(names);
    }
    printf("replay: %zu inputs run\n", ran);
    if (ran == 0) {
        fprintf(stderr, "replay: no inputs found\n");
        return 1;
    }
    return failed;
}

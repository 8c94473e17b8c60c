/* png_diff: compares two screenshots with a tolerance, for the screen tests.
 *
 * Usage: png_diff ACTUAL.png EXPECTED.png [BUDGET_PERMILLE] [DIFF.png] [X,Y,W,H]
 * A pixel differs when any channel differs by more than 48 of 255 (so
 * anti-aliasing that lands a little differently does not count). The images
 * match when they have the same size and at most BUDGET_PERMILLE (default 5,
 * i.e. 0.5 %) of their pixels differ: room for a changed digit in a timer,
 * not for a moved panel. DIFF.png, when given, shows differing pixels in red.
 * X,Y,W,H, when given, is a rectangle left out of the comparison: a part of a
 * screen that differs from run to run by design (a recorded call's waveform).
 * Exit 0 on a match, 1 on a mismatch, 2 when a file cannot be read. */
#include <SDL.h>
#include <SDL_image.h>
#include <stdio.h>
#include <stdlib.h>

static SDL_Surface *load(const char *path)
{
    SDL_Surface *s = IMG_Load(path);
    if (!s) {
        fprintf(stderr, "png_diff: cannot read %s: %s\n", path, IMG_GetError());
        return NULL;
    }
    SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ABGR8888, 0);
    SDL_FreeSurface(s);
    return c;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: png_diff ACTUAL.png EXPECTED.png [BUDGET_PERMILLE] [DIFF.png]\n");
        return 2;
    }
    double budget = argc > 3 ? atof(argv[3]) : 5.0;
    SDL_Surface *a = load(argv[1]), *b = load(argv[2]);
    if (!a || !b) return 2;
    if (a->w != b->w || a->h != b->h) {
        printf("png_diff: %s is %dx%d, %s is %dx%d\n", argv[1], a->w, a->h, argv[2], b->w, b->h);
        return 1;
    }
    int ix = 0, iy = 0, iw = 0, ih = 0;
    if (argc > 5 && sscanf(argv[5], "%d,%d,%d,%d", &ix, &iy, &iw, &ih) != 4) {
        fprintf(stderr, "png_diff: %s is not X,Y,W,H\n", argv[5]);
        return 2;
    }
    long differ = 0;
    for (int y = 0; y < a->h; y++) {
        Uint8 *pa = (Uint8 *)a->pixels + y * a->pitch, *pb = (Uint8 *)b->pixels + y * b->pitch;
        for (int x = 0; x < a->w; x++) {
            if (x >= ix && x < ix + iw && y >= iy && y < iy + ih) continue;
            int d = 0;
            for (int c = 0; c < 3; c++) {
                int v = abs(pa[4 * x + c] - pb[4 * x + c]);
                if (v > d) d = v;
            }
            if (d > 48) {
                differ++;
                pa[4 * x] = 255;
                pa[4 * x + 1] = 0;
                pa[4 * x + 2] = 0;
            }
        }
    }
    long total = (long)a->w * a->h;
    double permille = 1000.0 * (double)differ / (double)total;
    printf("png_diff: %ld of %ld pixels differ (%.2f per mille, budget %.2f)\n", differ, total,
           permille, budget);
    if (argc > 4 && differ) IMG_SavePNG(a, argv[4]);
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
    return permille <= budget ? 0 : 1;
}

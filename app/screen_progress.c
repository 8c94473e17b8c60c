/* screen_progress: PLACEHOLDER while the progress screen is written (this
 * session); it only goes back to the picker. */
#include "app.h"

void cc_progress_load(cc_app *a) { (void)a; }
void cc_progress_unload(cc_app *a) { (void)a; }
void cc_progress_update(cc_app *a, const cc_ev *ev)
{
    if (ev && ev->kind == CC_EV_KEY && ev->key == CC_KEY_ESC) a->next = CC_SCREEN_PICKER;
}
void cc_progress_draw(cc_app *a) { (void)a; }

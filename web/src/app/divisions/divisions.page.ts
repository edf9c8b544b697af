import { ChangeDetectionStrategy, Component, afterRenderEffect, computed, effect, inject, signal, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { KeyValuePipe } from '@angular/common';
import { AbstractControl, FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { map } from 'rxjs';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar, MatSnackBarModule } from '@angular/material/snack-bar';
import { MatTree, MatTreeModule } from '@angular/material/tree';
import { Api, Division, DivisionIn } from '../api/api';
import { bodies } from '../api/generated/intake.constraints';
import { Problem, networkProblem, problemOf } from '../api/problem';
import { AuthService } from '../auth/auth.service';
import { DivisionsService } from '../shared/divisions.service';
import { errorText, validatorsFor } from '../shared/constraints';
import { FORM_FIELD_DEFAULTS } from '../shared/form-field';
import { TreeItem, nest, subtreeIds } from './division-tree';

const RULES = bodies.DivisionIn;
const HINTS: Record<string, string> = {
  name: 'must contain more than spaces',
  code: 'upper-case letters, digits, "_" and "-", 2 to 32, starting with a letter or digit',
};
const STALE = 'Someone changed this division since you read it: the tree is shown as it is now. Check it and try again.';
/** The parent select's value for the top of the tree. */
export const TOP = '';

/** The division tree (every page of GET /divisions); admins create, rename, move and
 * retire divisions, each change sent with the version read (If-Match). The selected
 * division is in the URL. */
@Component({
  selector: 'app-divisions',
  imports: [
    KeyValuePipe, ReactiveFormsModule, MatButtonModule, MatCardModule, MatFormFieldModule, MatIconModule, MatInputModule,
    MatProgressBarModule, MatSelectModule, MatSnackBarModule, MatTreeModule, RouterLink,
  ],
  providers: [FORM_FIELD_DEFAULTS],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './divisions.page.html',
  styleUrl: './divisions.page.scss',
})
export class DivisionsPage {
  private readonly api = inject(Api);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly snackBar = inject(MatSnackBar);
  protected readonly divisions = inject(DivisionsService);
  protected readonly rules = RULES;

  protected readonly canManage = computed(() => this.auth.can('manage-divisions'));
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  protected readonly roots = computed(() => nest(this.divisions.all()));
  protected readonly childrenOf = (item: TreeItem) => item.children;
  protected readonly hasChildren = (_: number, item: TreeItem) => item.children.length > 0;
  protected readonly keyOf = (item: TreeItem) => item.division.id;
  /** A node is drawn again when its division changed (moved, renamed) or got its first
   * or lost its last child (the toggle and the indent follow). */
  protected readonly trackItem = (_: number, item: TreeItem) =>
    `${item.division.id}:${item.division.version}:${item.children.length > 0}:${item.path}`;
  private readonly tree = viewChild(MatTree);

  /** The selected division's id, from the URL. */
  protected readonly selectedId = toSignal(this.route.queryParamMap.pipe(map((params) => params.get('division') ?? '')), {
    initialValue: this.route.snapshot.queryParamMap.get('division') ?? '',
  });
  protected readonly selected = computed(() => this.divisions.byId().get(this.selectedId()) ?? null);
  /** Where the selected division may move: anywhere but under itself. */
  protected readonly moveTargets = computed(() => {
    const selected = this.selected();
    if (!selected) return [];
    const excluded = subtreeIds(this.divisions.all(), selected.id);
    return this.divisions.tree().filter((node) => !excluded.has(node.division.id));
  });

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly createForm = this.fb.group({
    name: ['', validatorsFor(RULES.name)],
    code: ['', validatorsFor(RULES.code)],
    parentId: [TOP],
  });
  protected readonly renameForm = this.fb.group({ name: ['', validatorsFor(RULES.name)] });
  protected readonly moveForm = this.fb.group({ parentId: [TOP] });

  constructor() {
    void this.reload();
    // The whole tree open, again after each change (a moved division shows where it went).
    afterRenderEffect(() => {
      if (this.roots().length) this.tree()?.expandAll();
    });
    // The selected division fills the forms that change it, and is the new one's parent.
    effect(() => {
      const selected = this.selected();
      this.renameForm.reset({ name: selected?.name ?? '' });
      this.moveForm.reset({ parentId: selected?.parentId ?? TOP });
      if (selected) this.createForm.controls.parentId.setValue(selected.id);
    });
  }

  private async reload(): Promise<void> {
    this.loading.set(true);
    await this.divisions.load(true);
    this.loading.set(false);
  }

  protected select(item: TreeItem): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { division: item.division.id } });
  }

  protected error(control: AbstractControl, field: string): string {
    return errorText(control.errors, HINTS[field]);
  }

  protected parentName(division: Division): string {
    return division.parentId ? this.divisions.tree().find((n) => n.division.id === division.parentId)?.path || division.parentId : 'None (top of the tree)';
  }

  protected async create(directive: FormGroupDirective): Promise<void> {
    if (this.createForm.invalid) {
      this.createForm.markAllAsTouched();
      return;
    }
    const value = this.createForm.getRawValue();
    const body: DivisionIn = { name: value.name.trim(), code: value.code.trim(), parentId: value.parentId || null };
    await this.run(async () => {
      const { data, error, response } = await this.api.intake.POST('/divisions', { body });
      if (!data) return this.refused(response, error, this.createForm);
      directive.resetForm({ name: '', code: '', parentId: data.parentId ?? TOP });
      await this.reload();
      this.snackBar.open(`Created “${data.name}”`, undefined, { duration: 3000 });
      this.select({ division: data, path: '', children: [] });
    });
  }

  protected async rename(): Promise<void> {
    const division = this.selected();
    if (!division || this.renameForm.invalid) return this.renameForm.markAllAsTouched();
    await this.change(division, { name: this.renameForm.getRawValue().name.trim() }, 'Renamed');
  }

  protected async move(): Promise<void> {
    const division = this.selected();
    if (!division) return;
    await this.change(division, { parentId: this.moveForm.getRawValue().parentId || null }, 'Moved');
  }

  protected async retire(): Promise<void> {
    const division = this.selected();
    if (!division) return;
    await this.run(async () => {
      const { data, error, response } = await this.api.intake.DELETE('/divisions/{division_id}', {
        params: { path: { division_id: division.id }, header: { 'If-Match': `"${division.version}"` } },
      });
      if (!data) return this.refused(response, error);
      await this.reload();
      this.snackBar.open(`Retired “${data.name}”`, undefined, { duration: 3000 });
      void this.router.navigate([], { relativeTo: this.route, queryParams: { division: data.parentId ?? null } });
    });
  }

  private async change(division: Division, body: { name?: string; parentId?: string | null }, done: string): Promise<void> {
    await this.run(async () => {
      const { data, error, response } = await this.api.intake.PATCH('/divisions/{division_id}', {
        params: { path: { division_id: division.id }, header: { 'If-Match': `"${division.version}"` } },
        body,
      });
      if (!data) return this.refused(response, error, 'name' in body ? this.renameForm : this.moveForm);
      await this.reload();
      this.snackBar.open(`${done} “${data.name}”`, undefined, { duration: 3000 });
    });
  }

  private async run(work: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    try {
      await work();
    } catch (error) {
      this.problem.set(networkProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  /** A refusal: a stale version reloads the tree; field errors go next to their fields. */
  private async refused(response: Response, error: unknown, form?: { get(path: string): AbstractControl | null }): Promise<void> {
    const problem = problemOf(response, error);
    if (response.status === 412) {
      await this.reload();
      this.problem.set({ ...problem, message: STALE });
      return;
    }
    this.problem.set(problem);
    for (const [field, reason] of Object.entries(problem.fields)) {
      const control = form?.get(field);
      control?.setErrors({ ...(control.errors ?? {}), server: reason });
      control?.markAsTouched();
    }
  }
}

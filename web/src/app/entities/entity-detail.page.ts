import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { KeyValuePipe } from '@angular/common';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { MatAutocompleteModule, MatAutocompleteSelectedEvent } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar, MatSnackBarModule } from '@angular/material/snack-bar';
import { Api, etagOf } from '../api/api';
import { Problem, networkProblem, problemOf } from '../api/problem';
import { AuthService } from '../auth/auth.service';
import { FORM_FIELD_DEFAULTS } from '../shared/form-field';
import { EntitiesService, Found, label } from './entities.service';
import {
  EntityDetails, EntityType, REFERENCE_KINDS, ReferenceType, RelationKind, RelationRow, TYPE_LABELS, addableKinds, mayChange,
  relationRows, relationshipBody,
} from './entity-kinds';

const SEARCH_DELAY_MS = 250;
const STALE = 'Someone changed it since you opened it: it is shown as it is now. Check it and try again.';

/** Where each kind of thing has its page, for links from a relationship. */
const PAGES: Partial<Record<EntityType, string>> = {
  risk: '/risks', product: '/products', supplier: '/suppliers', site: '/sites',
};

/** A product, supplier or site: its details, its relationships (each way), and for those
 * who may, adding and removing relationships, each change sent with the version of the
 * relationship's "from" entity (If-Match, ADR 14). */
@Component({
  selector: 'app-entity-detail',
  imports: [
    KeyValuePipe, ReactiveFormsModule, RouterLink, MatAutocompleteModule, MatButtonModule, MatCardModule, MatFormFieldModule,
    MatIconModule, MatInputModule, MatProgressBarModule, MatSelectModule, MatSnackBarModule,
  ],
  providers: [FORM_FIELD_DEFAULTS],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './entity-detail.page.html',
  styleUrl: './entity-detail.page.scss',
})
export class EntityDetailPage {
  private readonly api = inject(Api);
  private readonly entities = inject(EntitiesService);
  private readonly auth = inject(AuthService);
  private readonly snackBar = inject(MatSnackBar);

  /** From the route: its data (type) and path (id). */
  readonly type = input.required<ReferenceType>();
  readonly id = input.required<string>();

  protected readonly kind = computed(() => REFERENCE_KINDS[this.type()]);
  protected readonly entity = signal<EntityDetails | null>(null);
  private etag = '';
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly typeLabels = TYPE_LABELS;

  /** Names of the other ends, by id, as they are read. */
  private readonly names = signal<Record<string, string>>({});
  protected readonly rows = computed(() => {
    const entity = this.entity();
    return entity ? relationRows(this.type(), entity.id, entity.relationships) : [];
  });
  protected readonly kinds = computed(() => addableKinds(this.auth.roles(), this.type()));

  protected readonly relationKind = new FormControl<RelationKind | null>(null);
  protected readonly search = new FormControl<string | Found>('', { nonNullable: true });
  protected readonly found = signal<Found[]>([]);
  protected readonly searched = signal(false);
  protected readonly picked = signal<Found | null>(null);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asked = 0;

  protected readonly nothing = (value: Found | string | null) => (value && typeof value !== 'string' ? value.name : (value ?? ''));

  constructor() {
    effect(() => {
      const type = this.type();
      const id = this.id();
      untracked(() => void this.load(type, id));
    });
    this.relationKind.valueChanges.subscribe(() => {
      this.search.setValue('');
      this.found.set([]);
      this.searched.set(false);
      this.picked.set(null);
    });
  }

  private async load(type: ReferenceType, id: string): Promise<void> {
    this.loading.set(true);
    this.problem.set(null);
    await this.loadEntity(type, id);
    this.loading.set(false);
  }

  private async loadEntity(type: ReferenceType, id: string): Promise<void> {
    try {
      const { data, error, response } = await this.entities.get(type, id);
      if (data) {
        this.entity.set(data);
        this.etag = etagOf(response, data.version);
        void this.loadNames(data);
      } else {
        this.entity.set(null);
        this.problem.set(
          response.status === 404
            ? { ...problemOf(response, error), message: `No ${REFERENCE_KINDS[type].one.toLowerCase()} has this id.` }
            : problemOf(response, error),
        );
      }
    } catch (error) {
      this.problem.set(networkProblem(error));
    }
  }

  private async loadNames(entity: EntityDetails): Promise<void> {
    const rows = relationRows(this.type(), entity.id, entity.relationships).filter((row) => !(row.otherId in this.names()));
    const names = await Promise.all(rows.map(async (row) => [row.otherId, await this.entities.nameOf(row.otherType, row.otherId)]));
    this.names.update((known) => ({ ...known, ...Object.fromEntries(names) }));
  }

  protected nameOf(row: RelationRow): string {
    return this.names()[row.otherId] ?? '…';
  }

  protected linkOf(row: RelationRow): string[] | null {
    const page = PAGES[row.otherType];
    return page ? [page, row.otherId] : null;
  }

  protected canRemove(row: RelationRow): boolean {
    return mayChange(this.auth.roles(), row.fromType);
  }

  protected label(entity: EntityDetails): string {
    return label(entity);
  }

  protected typed(): void {
    this.picked.set(null);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.find(), SEARCH_DELAY_MS);
  }

  /** Offers the first few on entering the field, before anything is typed. */
  protected focused(): void {
    if (!this.searched() && !this.picked()) this.typed();
  }

  private async find(): Promise<void> {
    const kind = this.relationKind.value;
    if (!kind) return;
    const value = this.search.value;
    const ask = ++this.asked;
    const found = await this.entities.search(kind.other, typeof value === 'string' ? value : value.name).catch(() => []);
    if (ask !== this.asked) return;
    const linked = new Set(this.rows().filter((row) => row.kind === kind).map((row) => row.otherId));
    this.found.set(found.filter((entity) => !linked.has(entity.id)));
    this.searched.set(true);
  }

  protected pick(event: MatAutocompleteSelectedEvent): void {
    this.picked.set(event.option.value as Found);
  }

  /** POST /relationships with the version of its "from" entity. */
  protected async add(): Promise<void> {
    const entity = this.entity();
    const kind = this.relationKind.value;
    const other = this.picked();
    if (!entity || !kind || !other) return;
    const body = relationshipBody(this.type(), entity.id, kind, other.id);
    const done = await this.change(body.fromType, body.fromId, (etag) =>
      this.api.intake.POST('/relationships', { params: { header: { 'If-Match': etag } }, body }),
    );
    if (done) {
      this.names.update((known) => ({ ...known, [other.id]: other.name }));
      this.snackBar.open(`${kind.label}: ${other.name}`, undefined, { duration: 3000 });
      this.search.setValue('');
      this.picked.set(null);
      this.found.set([]);
      this.searched.set(false);
    }
  }

  /** DELETE /relationships/{id} with the version of its "from" entity. */
  protected async remove(row: RelationRow): Promise<void> {
    const done = await this.change(row.fromType, row.fromId, (etag) =>
      this.api.intake.DELETE('/relationships/{relationship_id}', {
        params: { path: { relationship_id: row.relationship.id }, header: { 'If-Match': etag } },
      }),
    );
    if (done) this.snackBar.open(`Removed: ${row.kind.label.toLowerCase()} ${this.nameOf(row)}`, undefined, { duration: 3000 });
  }

  private async change(
    fromType: EntityType,
    fromId: string,
    send: (etag: string) => Promise<{ data?: unknown; error?: unknown; response: Response }>,
  ): Promise<boolean> {
    const entity = this.entity();
    if (!entity) return false;
    this.busy.set(true);
    this.problem.set(null);
    try {
      let etag = this.etag;
      if (fromId !== entity.id) {
        const version = await this.entities.versionOf(fromType, fromId);
        if ('problem' in version) {
          this.problem.set(version.problem);
          return false;
        }
        etag = version.etag;
      }
      const { data, error, response } = await send(etag);
      await this.loadEntity(this.type(), entity.id);
      if (data) return true;
      this.problem.set(response.status === 412 ? { ...problemOf(response, error), message: STALE } : problemOf(response, error));
      return false;
    } catch (error) {
      this.problem.set(networkProblem(error));
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}

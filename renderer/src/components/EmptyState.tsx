// A calm empty state: an icon, a title and one or two sentences of explanation.
import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

export function EmptyState({ icon, title, children, testId }: { icon: IconName; title: string; children: ReactNode; testId?: string }) {
  return (
    <div className="empty-state" data-testid={testId ?? 'empty-state'}>
      <div className="empty-state__icon">
        <Icon name={icon} size={28} />
      </div>
      <h2 className="empty-state__title">{title}</h2>
      <div className="empty-state__text">{children}</div>
    </div>
  );
}

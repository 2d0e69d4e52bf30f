//! The class hierarchy of entities: a small closed tree (`Island` is a `Territory`, a `Pact` is a
//! `Treaty`). Exporters map it to RDF classes and DOT styles; queries use [`EntityType::is_a`].

use std::fmt;
use std::str::FromStr;

macro_rules! entity_types {
    ($( $variant:ident => $name:literal, $parent:expr, $comment:literal; )*) => {
        /// The type of an entity, from a small class hierarchy.
        ///
        /// ```
        /// use kg::EntityType;
        /// assert!(EntityType::Island.is_a(EntityType::Territory));
        /// assert!(!EntityType::Treaty.is_a(EntityType::Event));
        /// assert_eq!("IslandGroup".parse::<EntityType>(), Ok(EntityType::IslandGroup));
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum EntityType { $( #[doc = $comment] $variant, )* }

        impl EntityType {
            /// Every type, parents before children.
            pub const ALL: &'static [EntityType] = &[$(EntityType::$variant),*];

            /// The name used in annotation files, JSON and RDF (`IslandGroup`).
            pub fn name(self) -> &'static str {
                match self { $(EntityType::$variant => $name),* }
            }

            /// The direct parent class, `None` for a root.
            pub fn parent(self) -> Option<EntityType> {
                match self { $(EntityType::$variant => $parent),* }
            }

            /// One sentence saying what the class covers.
            pub fn comment(self) -> &'static str {
                match self { $(EntityType::$variant => $comment),* }
            }
        }
    };
}

entity_types! {
    Agent => "Agent", None, "Something that acts: a state, a person or an organisation.";
    State => "State", Some(EntityType::Agent), "A nation or state, including empires, dynasties and republics.";
    Person => "Person", Some(EntityType::Agent), "A human being.";
    Organisation => "Organisation", Some(EntityType::Agent), "An organised body of people.";
    Army => "Army", Some(EntityType::Organisation), "An army or armed force.";
    Government => "Government", Some(EntityType::Organisation), "A government, shogunate or regime acting as a body.";
    Alliance => "Alliance", Some(EntityType::Organisation), "A grouping of states.";
    Territory => "Territory", None, "A place: a territory, region, city, body of water or landmark.";
    Island => "Island", Some(EntityType::Territory), "An island.";
    IslandGroup => "IslandGroup", Some(EntityType::Territory), "A group of islands.";
    Peninsula => "Peninsula", Some(EntityType::Territory), "A peninsula.";
    Region => "Region", Some(EntityType::Territory), "A region, province, prefecture or historical area.";
    City => "City", Some(EntityType::Territory), "A city or town.";
    Sea => "Sea", Some(EntityType::Territory), "A sea.";
    Forest => "Forest", Some(EntityType::Territory), "A forest.";
    Event => "Event", None, "Something that happened, or a situation that lasted.";
    War => "War", Some(EntityType::Event), "A war.";
    Conference => "Conference", Some(EntityType::Event), "A meeting of leaders or delegates.";
    Visit => "Visit", Some(EntityType::Event), "A visit by a leader to a place.";
    Attack => "Attack", Some(EntityType::Event), "A bombing, massacre or other attack.";
    Intervention => "Intervention", Some(EntityType::Event), "A diplomatic or military intervention.";
    Dispute => "Dispute", Some(EntityType::Event), "A long-running dispute or issue.";
    Treaty => "Treaty", None, "A treaty, pact or agreement between parties.";
    Pact => "Pact", Some(EntityType::Treaty), "A pact, such as a non-aggression pact.";
    Agreement => "Agreement", Some(EntityType::Treaty), "An agreement, including secret or unwritten ones.";
    Work => "Work", None, "A written work, such as the essay itself.";
}

impl EntityType {
    /// Whether `self` is `other` or one of its descendants.
    pub fn is_a(self, other: EntityType) -> bool {
        let mut current = Some(self);
        while let Some(t) = current {
            if t == other {
                return true;
            }
            current = t.parent();
        }
        false
    }

    /// The root of this type's branch (`Territory` for `Island`).
    pub fn root(self) -> EntityType {
        let mut t = self;
        while let Some(p) = t.parent() {
            t = p;
        }
        t
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for EntityType {
    type Err = String;

    /// Parses a type name, ignoring case (`island` and `Island` both work).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EntityType::ALL.iter().copied().find(|t| t.name().eq_ignore_ascii_case(s)).ok_or_else(|| {
            let names: Vec<_> = EntityType::ALL.iter().map(|t| t.name()).collect();
            format!("unknown entity type `{s}`; expected one of {}", names.join(", "))
        })
    }
}

// Type construction, identity and Go spelling.
#include "specs/type.h"

#include <stdexcept>

namespace mapcheck::specs {

Type Type::map(Type k, Type v) {
  Type t;
  t.kind = TypeKind::Map;
  t.key = std::make_shared<const Type>(std::move(k));
  t.elem = std::make_shared<const Type>(std::move(v));
  return t;
}

Type Type::chan(Type elem, ChanDir dir) {
  Type t;
  t.kind = TypeKind::Chan;
  t.dir = dir;
  t.elem = std::make_shared<const Type>(std::move(elem));
  return t;
}

Type Type::func(std::vector<Type> params, std::vector<Type> results) {
  Type t;
  t.kind = TypeKind::Func;
  t.params = std::move(params);
  t.results = std::move(results);
  return t;
}

Type Type::tuple(std::vector<Type> results) {
  if (results.size() == 1) return std::move(results[0]);
  Type t;
  t.kind = TypeKind::Tuple;
  t.results = std::move(results);
  return t;
}

bool Type::is_sync() const {
  switch (kind) {
    case TypeKind::Mutex:
    case TypeKind::RWMutex:
    case TypeKind::WaitGroup:
    case TypeKind::AtomicInt32:
    case TypeKind::AtomicInt64:
    case TypeKind::AtomicValue:
      return true;
    default:
      return false;
  }
}

bool Type::is_nilable() const {
  return kind == TypeKind::Map || kind == TypeKind::Chan || kind == TypeKind::Func ||
         kind == TypeKind::Any;
}

bool Type::operator==(const Type& o) const {
  if (kind != o.kind) return false;
  switch (kind) {
    case TypeKind::Map:
      return *key == *o.key && *elem == *o.elem;
    case TypeKind::Chan:
      return dir == o.dir && *elem == *o.elem;
    case TypeKind::Func:
      return params == o.params && results == o.results;
    case TypeKind::Tuple:
      return results == o.results;
    default:
      return true;
  }
}

namespace {
std::string list(const std::vector<Type>& ts) {
  std::string s;
  for (std::size_t i = 0; i < ts.size(); ++i) {
    if (i) s += ", ";
    s += to_string(ts[i]);
  }
  return s;
}
}  // namespace

std::string to_string(const Type& t) {
  switch (t.kind) {
    case TypeKind::Invalid:
      return "invalid type";
    case TypeKind::Int:
      return "int";
    case TypeKind::String:
      return "string";
    case TypeKind::Bool:
      return "bool";
    case TypeKind::Duration:
      return "time.Duration";
    case TypeKind::EmptyStruct:
      return "struct{}";
    case TypeKind::Any:
      return "any";
    case TypeKind::Nil:
      return "untyped nil";
    case TypeKind::Map:
      return "map[" + to_string(*t.key) + "]" + to_string(*t.elem);
    case TypeKind::Chan:
      switch (t.dir) {
        case ChanDir::Both:
          return "chan " + to_string(*t.elem);
        case ChanDir::SendOnly:
          return "chan<- " + to_string(*t.elem);
        case ChanDir::RecvOnly:
          return "<-chan " + to_string(*t.elem);
      }
      throw std::logic_error("bad ChanDir");
    case TypeKind::Func: {
      std::string s = "func(" + list(t.params) + ")";
      if (t.results.size() == 1) s += " " + to_string(t.results[0]);
      if (t.results.size() > 1) s += " (" + list(t.results) + ")";
      return s;
    }
    case TypeKind::Tuple:
      return "(" + list(t.results) + ")";
    case TypeKind::Mutex:
      return "sync.Mutex";
    case TypeKind::RWMutex:
      return "sync.RWMutex";
    case TypeKind::WaitGroup:
      return "sync.WaitGroup";
    case TypeKind::AtomicInt32:
      return "atomic.Int32";
    case TypeKind::AtomicInt64:
      return "atomic.Int64";
    case TypeKind::AtomicValue:
      return "atomic.Value";
  }
  throw std::logic_error("bad TypeKind");
}

namespace {
std::string reflect_list(const std::vector<Type>& ts) {
  std::string s;
  for (std::size_t i = 0; i < ts.size(); ++i) {
    if (i) s += ", ";
    s += reflect_string(ts[i]);
  }
  return s;
}
}  // namespace

std::string reflect_string(const Type& t) {
  switch (t.kind) {
    case TypeKind::EmptyStruct:
      return "struct {}";
    case TypeKind::Any:
      return "interface {}";
    case TypeKind::Map:
      return "map[" + reflect_string(*t.key) + "]" + reflect_string(*t.elem);
    case TypeKind::Chan: {
      const std::string elem = reflect_string(*t.elem);
      switch (t.dir) {
        case ChanDir::Both:
          // `chan <-chan int` would read as `chan<- chan int`.
          if (t.elem->kind == TypeKind::Chan && t.elem->dir == ChanDir::RecvOnly)
            return "chan (" + elem + ")";
          return "chan " + elem;
        case ChanDir::SendOnly:
          return "chan<- " + elem;
        case ChanDir::RecvOnly:
          return "<-chan " + elem;
      }
      throw std::logic_error("bad ChanDir");
    }
    case TypeKind::Func: {
      std::string s = "func(" + reflect_list(t.params) + ")";
      if (t.results.size() == 1) s += " " + reflect_string(t.results[0]);
      if (t.results.size() > 1) s += " (" + reflect_list(t.results) + ")";
      return s;
    }
    default:
      return to_string(t);
  }
}

}  // namespace mapcheck::specs

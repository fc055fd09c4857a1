struct bf_comments {
	unsigned char a;
	unsigned int b:4;
	unsigned int c:20;
	unsigned short d;
	unsigned long e:3;
	unsigned char f;
	unsigned int g:9;
	unsigned char h:2;
	unsigned long long i:40;
	unsigned short j:7;
};
struct bf_comments2 {
	short s;
	int x:12;
	char y;
	int z:4;
	long w;
	char q:3;
	int r:30;
};
struct bf_comments g_bf_comments;
struct bf_comments2 g_bf_comments2;
